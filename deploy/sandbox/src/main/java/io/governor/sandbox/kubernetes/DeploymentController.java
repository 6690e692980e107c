package io.governor.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of kube-controller-manager that the mock API server lacks: turns Deployments into
 * ReplicaSets with revisions and reports them ready, so rollouts and rollbacks can be observed.
 *
 * <p>Events are queued per Deployment and handled one at a time on a single thread, which keeps the
 * revision arithmetic free of races without any locking.
 */
public final class DeploymentController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
  // A periodic full pass repairs anything changed behind the controller's back (e.g. a ReplicaSet).
  private static final Duration RESYNC = Duration.ofSeconds(30);
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final DeploymentReconciler reconciler;
  private final ScheduledExecutorService worker;
  private final Set<Key> queued = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<Deployment> informer;

  public DeploymentController(KubernetesClient client) {
    this.client = client;
    this.reconciler = new DeploymentReconciler(client);
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "sandbox-deployment-controller");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts watching Deployments in every namespace; returns once the initial list is loaded. */
  public synchronized void start() {
    if (informer == null) {
      informer =
          client.apps().deployments().inAnyNamespace().inform(new Handler(), RESYNC.toMillis());
    }
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
    }
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueue(Key key, Duration delay) {
    // Several events for one Deployment while it waits collapse into one pass.
    if (queued.add(key) && !worker.isShutdown()) {
      worker.schedule(() -> process(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void process(Key key) {
    queued.remove(key);
    try {
      reconciler.reconcile(key.namespace(), key.name());
    } catch (RuntimeException e) {
      if (worker.isShutdown()) {
        return; // Interrupted by close(); nothing to retry.
      }
      // Usually a 409 from a concurrent writer; the next pass starts from fresh state.
      LOG.warn(
          "Reconciling Deployment {}/{} failed, retrying: {}",
          key.namespace(),
          key.name(),
          e.toString());
      enqueue(key, RETRY_DELAY);
    }
  }

  private record Key(String namespace, String name) {
    static Key of(Deployment deployment) {
      return new Key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    }
  }

  private final class Handler implements ResourceEventHandler<Deployment> {
    @Override
    public void onAdd(Deployment deployment) {
      enqueue(Key.of(deployment), Duration.ZERO);
    }

    @Override
    public void onUpdate(Deployment before, Deployment after) {
      enqueue(Key.of(after), Duration.ZERO);
    }

    @Override
    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
      // Nothing to do: without a garbage collector the ReplicaSets would not go away anyway.
    }
  }
}

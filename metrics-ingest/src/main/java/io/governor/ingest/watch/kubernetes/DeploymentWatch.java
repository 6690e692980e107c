package io.governor.ingest.watch.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.failure.Retrying;
import io.governor.ingest.IngestMetrics;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.remotewrite.WorkloadLookup;
import io.governor.ingest.watch.AnnouncementMemory;
import io.governor.ingest.watch.Rollout;
import io.governor.ingest.watch.RolloutAnnouncer;
import io.governor.ingest.watch.RolloutEvents;
import io.governor.ingest.watch.kafka.WatchEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Watches Deployments (in the configured namespaces, matching the label selector) and the
 * ReplicaSets of those namespaces with fabric8 informers, and hands each changed Deployment's
 * rollout to the {@link RolloutAnnouncer}.
 *
 * <p>Informer events only queue the Deployment's name; one worker thread reads its current state
 * from the informers' caches and judges it, so several events while it waits make one pass and the
 * announcements of a workload keep their order. A failure of the API server is retried by the
 * informers themselves, with backoff, for as long as the service runs.
 */
@ApplicationScoped
public class DeploymentWatch implements WorkloadLookup {

  private static final Logger LOG = Logger.getLogger(DeploymentWatch.class);
  private static final String BY_OWNER = "owner";

  @Inject IngestConfig config;
  // Not resolved when the watch is off: that needs no Kubernetes API.
  @Inject Instance<KubernetesClient> client;
  @Inject AnnouncementMemory memory;
  @Inject WatchEventPublisher publisher;
  @Inject WatchTelemetry telemetry;
  @Inject MeterRegistry registry;
  @Inject Clock clock;

  // Read by the worker while start() and stop() change them.
  private final List<SharedIndexInformer<Deployment>> deployments = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<ReplicaSet>> replicaSets = new CopyOnWriteArrayList<>();
  private final Set<Key> queued = ConcurrentHashMap.newKeySet();
  private volatile ExecutorService worker;
  private volatile RolloutAnnouncer announcer;

  void onStart(@Observes StartupEvent event) {
    if (!config.watch().enabled()) {
      LOG.info("Kubernetes watch off (governor.ingest.watch.enabled=false)");
      return;
    }
    // Only a watch that runs has a sync state; a 0 from one that is off would page for nothing.
    registry.gauge(IngestMetrics.WATCH_SYNCED, this, watch -> watch.synced() ? 1 : 0);
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Starts the informers; their initial lists arrive in the background. */
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    IngestConfig.Watch watch = config.watch();
    IngestConfig.Retry retry = watch.retry();
    announcer =
        new RolloutAnnouncer(
            new RolloutEvents(watch.firstSightMaxAge()),
            memory,
            publisher,
            new Retrying.Policy(retry.maxAttempts(), retry.firstDelay(), retry.maxDelay()),
            delay -> Thread.sleep(delay.toMillis()),
            telemetry);
    worker =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "governor-kubernetes-watch");
              thread.setDaemon(true);
              return thread;
            });
    KubernetesClient kubernetes = client.get();
    List<String> namespaces = namespaces();
    for (String namespace : namespaces.isEmpty() ? List.of("") : namespaces) {
      SharedIndexInformer<Deployment> deploymentInformer =
          deploymentsIn(kubernetes, namespace).runnableInformer(watch.resync().toMillis());
      deploymentInformer.addEventHandler(new Enqueue<>(d -> List.of(Key.of(d))));
      deployments.add(deploymentInformer);
      SharedIndexInformer<ReplicaSet> replicaSetInformer =
          (namespace.isEmpty()
                  ? kubernetes.apps().replicaSets().inAnyNamespace()
                  : kubernetes.apps().replicaSets().inNamespace(namespace))
              .runnableInformer(0);
      replicaSetInformer.addIndexers(Map.of(BY_OWNER, Rollouts::ownerKeys));
      replicaSetInformer.addEventHandler(
          new Enqueue<>(rs -> Rollouts.ownerKeys(rs).stream().map(Key::parse).toList()));
      replicaSets.add(replicaSetInformer);
    }
    deployments.forEach(informer -> run(informer, "Deployments"));
    replicaSets.forEach(informer -> run(informer, "ReplicaSets"));
    LOG.infof(
        "watching Deployments%s in %s and their ReplicaSets",
        watch.labelSelector().map(selector -> " matching " + selector).orElse(""),
        namespaces.isEmpty() ? "every namespace" : "namespaces " + String.join(",", namespaces));
  }

  /** Stops the informers and forgets what was handled, as a restart would. */
  public synchronized void stop() {
    deployments.forEach(SharedIndexInformer::close);
    replicaSets.forEach(SharedIndexInformer::close);
    deployments.clear();
    replicaSets.clear();
    if (worker != null) {
      worker.shutdownNow();
      try {
        worker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    worker = null;
    announcer = null;
    queued.clear();
  }

  /** Every informer listed its objects and watches. */
  public boolean synced() {
    return !deployments.isEmpty()
        && deployments.stream().allMatch(SharedIndexInformer::hasSynced)
        && replicaSets.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** The rollout state last handled for a workload: what its next change is judged against. */
  public Optional<Rollout> handled(WorkloadId workload) {
    RolloutAnnouncer current = announcer;
    return current == null ? Optional.empty() : current.handled(workload);
  }

  private FilterWatchListDeletable<Deployment, ?, ?> deploymentsIn(
      KubernetesClient kubernetes, String namespace) {
    FilterWatchListDeletable<Deployment, ?, ?> deploymentsOf =
        namespace.isEmpty()
            ? kubernetes.apps().deployments().inAnyNamespace()
            : kubernetes.apps().deployments().inNamespace(namespace);
    return config.watch().labelSelector().isPresent()
        ? deploymentsOf.withLabelSelector(config.watch().labelSelector().get())
        : deploymentsOf;
  }

  private List<String> namespaces() {
    return config.watch().namespaces().orElse(List.of()).stream()
        .map(String::trim)
        .filter(namespace -> !namespace.isEmpty())
        .distinct()
        .toList();
  }

  private static void run(SharedIndexInformer<?> informer, String what) {
    // Without this, an informer whose first list fails stops for good; with it, it retries.
    informer.exceptionHandler(
        (started, failure) -> {
          LOG.warnf("watching %s failed, retrying: %s", what, failure.toString());
          return true;
        });
    informer
        .start()
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                LOG.infof("%s listed; watching", what);
              }
            });
  }

  private void enqueue(Key key) {
    ExecutorService current = worker;
    // Several events for one Deployment while it waits collapse into one pass.
    if (current != null && queued.add(key)) {
      try {
        current.execute(() -> process(key));
      } catch (RejectedExecutionException e) {
        queued.remove(key); // Stopping.
      }
    }
  }

  private void process(Key key) {
    queued.remove(key);
    RolloutAnnouncer current = announcer;
    if (current == null) {
      return;
    }
    MDC.put("namespace", key.namespace());
    MDC.put("workload", key.namespace() + "/Deployment/" + key.name());
    try {
      WorkloadId workload = new WorkloadId(key.namespace(), "Deployment", key.name());
      Deployment deployment = find(key);
      if (deployment == null) {
        current.forget(workload);
        return;
      }
      Optional<Rollout> rollout = Rollouts.of(deployment, replicaSetsOf(key));
      if (rollout.isPresent() && !current.onRollout(rollout.get(), clock.instant())) {
        LOG.debugf("workload=%s: announcements left for the next resync", workload);
      }
    } catch (RuntimeException e) {
      LOG.errorf(
          e, "judging the rollout of %s/%s failed: %s", key.namespace(), key.name(), e.toString());
    } finally {
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }

  /**
   * The revision number of the workload's ReplicaSet labelled with a pod-template hash, from the
   * informers' cache; empty when the watch does not see it (off, or another namespace).
   */
  public Optional<String> revisionOfHash(WorkloadId workload, String hash) {
    if (!"Deployment".equals(workload.kind())) {
      return Optional.empty();
    }
    return replicaSetsOf(new Key(workload.namespace(), workload.name())).stream()
        .filter(
            replicaSet ->
                replicaSet.getMetadata().getLabels() != null
                    && hash.equals(replicaSet.getMetadata().getLabels().get("pod-template-hash")))
        .map(replicaSet -> replicaSet.getMetadata().getAnnotations())
        .filter(Objects::nonNull)
        .map(annotations -> annotations.get("deployment.kubernetes.io/revision"))
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * The Deployment that controls a ReplicaSet of the informers' cache, and the ReplicaSet's
   * revision number; empty when the watch does not see it (off, another namespace), or no
   * Deployment controls it.
   */
  @Override
  public Optional<Owner> byReplicaSet(String namespace, String name) {
    String cacheKey = namespace + "/" + name;
    return replicaSets.stream()
        .map(informer -> informer.getStore().getByKey(cacheKey))
        .filter(Objects::nonNull)
        .findFirst()
        .flatMap(
            replicaSet ->
                Rollouts.ownerKeys(replicaSet).stream()
                    .findFirst()
                    .map(Key::parse)
                    .flatMap(
                        owner ->
                            Rollouts.revisionOf(replicaSet)
                                .map(
                                    revision ->
                                        new Owner(
                                            new WorkloadId(
                                                owner.namespace(), "Deployment", owner.name()),
                                            Long.toString(revision)))));
  }

  private Deployment find(Key key) {
    String cacheKey = key.namespace() + "/" + key.name();
    return deployments.stream()
        .map(informer -> informer.getStore().getByKey(cacheKey))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private List<ReplicaSet> replicaSetsOf(Key key) {
    String ownerKey = key.namespace() + "/" + key.name();
    return replicaSets.stream()
        .flatMap(informer -> informer.getIndexer().byIndex(BY_OWNER, ownerKey).stream())
        .toList();
  }

  private record Key(String namespace, String name) {
    static Key of(HasMetadata resource) {
      return new Key(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    static Key parse(String namespaceAndName) {
      int slash = namespaceAndName.indexOf('/');
      return new Key(namespaceAndName.substring(0, slash), namespaceAndName.substring(slash + 1));
    }
  }

  /** Queues the Deployments an object concerns, whatever happened to it. */
  private final class Enqueue<T> implements ResourceEventHandler<T> {

    private final Function<T, List<Key>> keys;

    Enqueue(Function<T, List<Key>> keys) {
      this.keys = keys;
    }

    @Override
    public void onAdd(T object) {
      keys.apply(object).forEach(DeploymentWatch.this::enqueue);
    }

    @Override
    public void onUpdate(T before, T after) {
      keys.apply(after).forEach(DeploymentWatch.this::enqueue);
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      keys.apply(object).forEach(DeploymentWatch.this::enqueue);
    }
  }
}

package io.governor.scheduler.leader.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.governor.scheduler.leader.Leadership;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stands for leadership over a Kubernetes Lease with fabric8's {@code LeaderElector}, and keeps
 * standing: an elector ends when its leadership ends (or its lease could not be renewed), so a new
 * one is started after the retry period. {@link #close()} releases a held lease, so another
 * instance takes over within a retry period instead of a lease duration.
 */
public final class LeaseElection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LeaseElection.class);

  /**
   * @param renewDeadline a leader that could not renew for this long stops; below leaseDuration
   * @param retryPeriod between two tries to acquire or renew (fabric8 adds up to 120% jitter)
   */
  public record Settings(
      String namespace,
      String leaseName,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {

    public String describe() {
      return namespace + "/" + leaseName;
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Leadership leadership;
  private final ScheduledExecutorService restarts;
  private CompletableFuture<?> running;
  private boolean closed;

  public LeaseElection(KubernetesClient client, Settings settings, Leadership leadership) {
    this.client = client;
    this.settings = settings;
    this.leadership = leadership;
    this.restarts =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lease-election-" + settings.leaseName());
              thread.setDaemon(true);
              return thread;
            });
    // Fails here, at start-up, rather than in the background when timings are inconsistent.
    client.leaderElector().withConfig(config());
  }

  /** Starts standing for leadership; returns at once. */
  public synchronized void start() {
    if (closed) {
      return;
    }
    CompletableFuture<?> elector = client.leaderElector().withConfig(config()).build().start();
    running = elector;
    elector.whenComplete((ignored, failure) -> ended(failure));
  }

  private LeaderElectionConfig config() {
    return new LeaderElectionConfigBuilder()
        .withName(settings.leaseName())
        .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), leadership.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(
            new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
        .build();
  }

  private void startedLeading() {
    leadership.gained();
    LOG.infof(
        "leading: %s holds lease %s (term %d)",
        leadership.identity(), settings.describe(), leadership.term());
  }

  private void stoppedLeading() {
    if (leadership.isLeader()) {
      LOG.infof(
          "no longer leading: %s gave up lease %s", leadership.identity(), settings.describe());
    }
    leadership.lost();
  }

  private void newLeader(String identity) {
    leadership.observed(identity);
    if (identity != null && !identity.equals(leadership.identity())) {
      LOG.infof("lease %s is held by %s", settings.describe(), identity);
    }
  }

  private void ended(Throwable failure) {
    stoppedLeading();
    synchronized (this) {
      if (closed) {
        return;
      }
      if (failure != null) {
        LOG.warnf("leader election of %s ended: %s", settings.describe(), failure.toString());
      }
      restarts.schedule(this::start, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops standing, releasing the lease if held. */
  @Override
  public void close() {
    CompletableFuture<?> elector;
    synchronized (this) {
      closed = true;
      elector = running;
    }
    restarts.shutdownNow();
    if (elector != null) {
      // Cancelling makes fabric8 release a held lease (releaseOnCancel) before it returns.
      elector.cancel(true);
    }
    stoppedLeading();
  }
}

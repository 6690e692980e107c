package io.governor.scheduler.leader.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.scheduler.SchedulerMetrics;
import io.governor.scheduler.config.SchedulerConfig;
import io.governor.scheduler.leader.Leadership;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Runs this instance's {@link LeaseElection} from start-up to shut-down, when enabled. */
@ApplicationScoped
public class SchedulerLeaderElection {

  private static final Logger LOG = Logger.getLogger(SchedulerLeaderElection.class);

  @Inject SchedulerConfig config;
  @Inject Leadership leadership;
  @Inject MeterRegistry registry;
  // Not resolved when the election is off: that needs no Kubernetes API.
  @Inject Instance<KubernetesClient> client;

  private LeaseElection election;
  private String lease = "none";

  void onStart(@Observes StartupEvent event) {
    registry.gauge(SchedulerMetrics.LEADER, leadership, l -> l.isLeader() ? 1 : 0);
    if (!config.leader().enabled()) {
      LOG.infof("leader election off: %s always leads", leadership.identity());
      return;
    }
    KubernetesClient kubernetes = client.get();
    String namespace =
        config
            .leader()
            .namespace()
            .or(() -> Optional.ofNullable(kubernetes.getNamespace()))
            .orElse("default");
    LeaseElection.Settings settings =
        new LeaseElection.Settings(
            namespace,
            config.leader().leaseName(),
            config.leader().leaseDuration(),
            config.leader().renewDeadline(),
            config.leader().retryPeriod());
    lease = settings.describe();
    election = new LeaseElection(kubernetes, settings, leadership);
    LOG.infof("standing for leadership of lease %s as %s", lease, leadership.identity());
    election.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (election != null) {
      election.close();
    }
  }

  /** The lease competed for, {@code namespace/name}, or {@code none} without election. */
  public String lease() {
    return lease;
  }
}

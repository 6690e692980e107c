package io.governor.scheduler.leader.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.governor.scheduler.leader.Leadership;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Two instances in one JVM stand for one Lease on the mock Kubernetes API (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {

  private static final String NAMESPACE = "governor";

  KubernetesClient client;

  @Test
  void onlyOneLeadsAndTheOtherTakesOverWhenItStops() {
    // Given two instances standing for the same lease
    LeaseElection.Settings settings = settings("scheduler-a-b");
    Leadership a = new Leadership("scheduler-a");
    Leadership b = new Leadership("scheduler-b");
    try (LeaseElection electionA = new LeaseElection(client, settings, a);
        LeaseElection electionB = new LeaseElection(client, settings, b)) {
      electionA.start();
      electionB.start();

      // When one of them has won
      await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());

      // Then exactly one leads, through several renewals, and the other knows who
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> a.isLeader() != b.isLeader());
      Leadership leader = a.isLeader() ? a : b;
      Leadership standby = a.isLeader() ? b : a;
      LeaseElection leading = a.isLeader() ? electionA : electionB;
      await().atMost(Duration.ofSeconds(5)).until(() -> standby.holder().isPresent());
      assertThat(standby.holder()).contains(leader.identity());
      assertThat(holderOf(settings)).isEqualTo(leader.identity());

      // When the leader stops (it releases the lease)
      leading.close();

      // Then the other one leads within seconds, and the first does not
      await().atMost(Duration.ofSeconds(5)).until(standby::isLeader);
      assertThat(leader.isLeader()).isFalse();
      assertThat(standby.term()).isEqualTo(1);
      assertThat(holderOf(settings)).isEqualTo(standby.identity());
    }
  }

  @Test
  void aLeaseHeldByAnInstanceThatStoppedRenewingIsTakenOnceItExpires() {
    // Given a lease renewed just now by an instance that crashed (it will not renew again)
    LeaseElection.Settings settings = settings("scheduler-crashed");
    client
        .leases()
        .inNamespace(NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(settings.leaseName())
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("crashed")
                .withLeaseDurationSeconds(2)
                .withAcquireTime(ZonedDateTime.now(ZoneOffset.UTC))
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                .withLeaseTransitions(0)
                .endSpec()
                .build())
        .create();
    Leadership survivor = new Leadership("survivor");

    // When another instance stands for it
    try (LeaseElection election = new LeaseElection(client, settings, survivor)) {
      election.start();

      // Then it waits while the lease holds, then leads
      await().atMost(Duration.ofSeconds(5)).until(() -> survivor.holder().isPresent());
      assertThat(survivor.holder()).contains("crashed");
      await().atMost(Duration.ofSeconds(10)).until(survivor::isLeader);
      assertThat(holderOf(settings)).isEqualTo("survivor");
    }
  }

  private String holderOf(LeaseElection.Settings settings) {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(settings.leaseName()).get();
    return lease.getSpec().getHolderIdentity();
  }

  private static LeaseElection.Settings settings(String leaseName) {
    // Short timings: lease 2 s, renewed every 300 ms, given up after 1.5 s without renewal.
    return new LeaseElection.Settings(
        NAMESPACE,
        leaseName,
        Duration.ofSeconds(2),
        Duration.ofMillis(1500),
        Duration.ofMillis(300));
  }
}

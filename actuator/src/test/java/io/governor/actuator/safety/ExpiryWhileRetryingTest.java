package io.governor.actuator.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A decision whose API server stays away is retried while its time-to-live lasts, then reported
 * FAILED "expired": the time spent retrying counts, and it is never left without a result.
 */
@QuarkusTest
@TestProfile(ExpiryWhileRetryingTest.ShortLife.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ExpiryWhileRetryingTest {

  /** A time-to-live of 3 s, and more retries than fit in it. */
  public static class ShortLife implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.actuator.decision-ttl", "PT3S",
          "governor.actuator.retry.max-attempts", "1000",
          "governor.actuator.retry.first-delay", "PT0.1S",
          "governor.actuator.retry.max-delay", "PT0.4S",
          // The client's own retries of a 503 would otherwise hide the attempts.
          "quarkus.kubernetes-client.request-retry-backoff-limit", "0");
    }
  }

  @Inject KubernetesClient client;
  @KubernetesTestServer KubernetesServer server;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private DecisionTraffic traffic;

  @BeforeEach
  void connect() {
    traffic = new DecisionTraffic(bootstrap);
  }

  @AfterEach
  void disconnect() {
    traffic.close();
  }

  @Test
  void aDecisionStuckOnAnUnavailableApiServerExpiresWithItsRetries() {
    // Given the actuator is consuming (a decision about nothing is answered)
    Decision probe = DecisionTraffic.scale(WorkloadId.parse("shop/Deployment/nothing-here"), 1);
    traffic.send(probe);
    traffic.awaitResult(probe.id(), ActionOutcome.REFUSED);
    // And stuck at revision 2, and an API server that answers every read of it with 503
    TestCluster.deployAtRevision2(client, "shop", "stuck");
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/shop/deployments/stuck")
        .andReturn(503, "busy")
        .always();
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/stuck"), "2", "1");

    // When
    traffic.send(decision);

    // Then it is reported FAILED once its 3 s are over, the retries included
    ActionResult failed = traffic.awaitResult(decision.id(), ActionOutcome.FAILED);
    assertThat(failed.reason())
        .startsWith("expired: decided at " + decision.decidedAt())
        .contains("its time-to-live of PT3S ran out");
    // It arrived alive and was finished only after its time ran out: it kept retrying across the
    // expiry (a slow delivery shortens the retrying, so no fixed length of it is asserted)
    Instant expiry = decision.decidedAt().plus(Duration.ofSeconds(3));
    assertThat(failed.receivedAt()).as("received").isBefore(expiry);
    assertThat(failed.completedAt()).as("completed").isAfter(expiry);
  }
}

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
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code governor.actuator.dry-run=true}, decisions are planned and reported, never applied.
 */
@QuarkusTest
@TestProfile(GlobalDryRunTest.DryRun.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class GlobalDryRunTest {

  /** The global dry-run switched on. */
  public static class DryRun implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("governor.actuator.dry-run", "true");
    }
  }

  @Inject KubernetesClient client;

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
  void aRollbackThatIsNotADryRunByItsPolicyIsOnlyReported() {
    // Given rehearsal at revision 2, and a decision its policy enforces (dryRun false)
    TestCluster.deployAtRevision2(client, "shop", "rehearsal");
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/rehearsal"), "2", "1");
    assertThat(decision.dryRun()).isFalse();

    // When
    traffic.send(decision);

    // Then what would have been done is reported, as a dry-run, and nothing changed
    ActionResult result = traffic.awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.dryRun()).isTrue();
    assertThat(result.reason())
        .isEqualTo(
            "dry-run (governor.actuator.dry-run is on): would have restored the pod template of"
                + " revision 1 (revision 2 failed)");
    assertThat(TestCluster.image(client, "shop", "rehearsal"))
        .isEqualTo("ghcr.io/governor-demo/rehearsal:1.1");
  }

  @Test
  void aScaleIsOnlyReported() {
    // Given rehearsal-web at 3 replicas
    TestCluster.deployAtRevision2(client, "shop", "rehearsal-web");
    Decision decision = DecisionTraffic.scale(WorkloadId.parse("shop/Deployment/rehearsal-web"), 8);

    // When
    traffic.send(decision);

    // Then
    ActionResult result = traffic.awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.dryRun()).isTrue();
    assertThat(result.reason())
        .isEqualTo(
            "dry-run (governor.actuator.dry-run is on): would have scaled the Deployment from 3"
                + " to 8 replicas");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("rehearsal-web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }
}

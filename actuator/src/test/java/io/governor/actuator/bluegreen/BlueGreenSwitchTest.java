package io.governor.actuator.bluegreen;

import static io.governor.actuator.DecisionTraffic.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
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
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A blue-green Service rolled back by switching its selector, from the topic to the cluster. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class BlueGreenSwitchTest {

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
  void aRollbackSwitchesTheServiceBackToThePreviousVersionOnce() {
    // Given payments selecting version=v2, with the Deployments of v1 and v2 running
    TestCluster.versionedDeployment(client, "bank", "payments", "version", "v1", 3);
    TestCluster.versionedDeployment(client, "bank", "payments", "version", "v2", 3);
    TestCluster.service(client, "bank", "payments", "version", "v2", Map.of());
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("bank/Service/payments"), "v2", "v1");

    // When
    traffic.send(decision);

    // Then the Service selects v1 again, and the result and the Event say so
    ActionResult applied = traffic.awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.before()).containsEntry("revision", "v2");
    assertThat(applied.after())
        .containsEntry("revision", "v1")
        .containsEntry("selector", "app=payments,version=v1");
    Service live = client.services().inNamespace("bank").withName("payments").get();
    assertThat(live.getSpec().getSelector()).isEqualTo(Map.of("app", "payments", "version", "v1"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("bank").list().getItems())
                    .anySatisfy(
                        event -> {
                          assertThat(event.getInvolvedObject().getKind()).isEqualTo("Service");
                          assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("v1");
                          assertThat(event.getInvolvedObject().getUid())
                              .isEqualTo(live.getMetadata().getUid());
                          assertThat(event.getReason()).isEqualTo("GovernorRollbackApplied");
                          assertThat(event.getMessage()).contains(decision.id());
                        }));

    // When the same decision is delivered again
    traffic.send(decision);

    // Then the repeat of the first changes nothing
    assertThat(traffic.awaitResult(decision.id(), ActionOutcome.NO_OP).reason())
        .contains("already handled");
    assertThat(
            client
                .services()
                .inNamespace("bank")
                .withName("payments")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(live.getMetadata().getResourceVersion());
  }

  @Test
  void aSwitchToAVersionNoDeploymentRunsIsRefused() {
    // Given ledger selecting release=blue, and only blue running
    TestCluster.versionedDeployment(client, "bank", "ledger", "release", "blue", 2);
    TestCluster.service(
        client,
        "bank",
        "ledger",
        "release",
        "blue",
        Map.of("governor.io/version-label", "release"));
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("bank/Service/ledger"), "blue", "green");

    // When
    traffic.send(decision);

    // Then
    ActionResult refused = traffic.awaitResult(decision.id(), ActionOutcome.REFUSED);
    assertThat(refused.reason())
        .isEqualTo(
            "no Deployment in bank has pods labelled app=ledger,release=green; nothing to switch"
                + " to");
    assertThat(
            client.services().inNamespace("bank").withName("ledger").get().getSpec().getSelector())
        .containsEntry("release", "blue");
  }
}

package io.governor.actuator.scaling.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.governor.actuator.TestCluster;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.ActuationUnavailableException;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How the scale adapter meets the API server's failures. The mock answers from its store (CRUD); an
 * expectation set here answers one request first, as a busy or strict API server would.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class WorkloadScalesTest {

  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/ops/deployments/";

  @Inject KubernetesClient client;
  @Inject WorkloadScales scales;
  @Inject ActuatorConfig config;
  @KubernetesTestServer KubernetesServer server;

  @Test
  void aConflictIsReadAndPlannedAgain() {
    // Given worker at 2 replicas, and an API server that answers the first scale with 409
    deployment("worker", 2);
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENTS + "worker/scale")
        .andReturn(409, conflict("worker"))
        .once();

    // When
    ScalePlan plan = scales.scale(scale("ops/Deployment/worker", 4));

    // Then the second attempt, on a fresh read, went through
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(client.apps().deployments().inNamespace("ops").withName("worker").get())
        .satisfies(live -> assertThat(live.getSpec().getReplicas()).isEqualTo(4));
  }

  @Test
  void anApiServerThatStaysAwayMakesTheCallerRetry() {
    // Given an API server that answers the read of mailer with 503, and a client whose own
    // retries (fabric8 retries 429 and 5xx) are used up at once
    deployment("mailer", 2);
    server.expect().get().withPath(DEPLOYMENTS + "mailer").andReturn(503, "busy").once();
    try (KubernetesClient noRetries =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {

      // When / Then the failure goes to the caller, whose retry policy applies
      assertThatThrownBy(
              () -> new WorkloadScales(noRetries, config).scale(scale("ops/Deployment/mailer", 3)))
          .isInstanceOfSatisfying(
              ActuationUnavailableException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE));
    }
    assertThat(client.apps().deployments().inNamespace("ops").withName("mailer").get())
        .satisfies(live -> assertThat(live.getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void aRefusedPatchIsAFinalFailure() {
    // Given an API server that forbids the scale of indexer
    deployment("indexer", 2);
    server
        .expect()
        .patch()
        .withPath(DEPLOYMENTS + "indexer/scale")
        .andReturn(403, forbidden())
        .once();

    // When
    ScalePlan plan = scales.scale(scale("ops/Deployment/indexer", 5));

    // Then
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.FAILED);
    assertThat(plan.reason()).startsWith("the API server refused the patch of the Deployment's");
    assertThat(plan.after()).containsEntry("replicas", "2");
  }

  @Test
  void aMissingWorkloadIsRefused() {
    // When
    ScalePlan plan = scales.scale(scale("ops/StatefulSet/nowhere", 3));

    // Then
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(plan.reason()).isEqualTo("the StatefulSet does not exist");
  }

  @Test
  void aKindWithoutSupportIsRefused() {
    // When
    ScalePlan plan = scales.scale(scale("ops/DaemonSet/node-agent", 3));

    // Then
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(plan.reason())
        .isEqualTo("scaling a DaemonSet is not supported; only Deployments and StatefulSets");
  }

  private void deployment(String name, int replicas) {
    TestCluster.deployment(client, "ops", name, replicas);
  }

  private static Decision scale(String workload, int replicas) {
    return new Decision(
        UUID.randomUUID().toString(),
        DecisionType.SCALE,
        WorkloadId.parse(workload),
        DecisionTarget.scale(replicas),
        "target-tracking",
        "test",
        List.of(),
        "test-policy",
        1,
        false,
        Instant.now());
  }

  private static Status conflict(String name) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withReason("Conflict")
        .withCode(409)
        .withMessage(
            "Operation cannot be fulfilled on deployments.apps \""
                + name
                + "\": the object has been modified")
        .build();
  }

  private static Status forbidden() {
    return new StatusBuilder()
        .withStatus("Failure")
        .withReason("Forbidden")
        .withCode(403)
        .withMessage(
            "deployments.apps \"indexer\" is forbidden: cannot patch resource \"deployments/scale\"")
        .build();
  }
}

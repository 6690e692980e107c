package io.governor.actuator.bluegreen.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the blue-green adapter meets a Service that changes under it, and one that is missing. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ServiceSelectorSwitchesTest {

  @Inject KubernetesClient client;
  @Inject ServiceSelectorSwitches switches;
  @KubernetesTestServer KubernetesServer server;

  @Test
  void aConflictIsReadAndPlannedAgain() {
    // Given search selecting v2, and an API server that answers the first patch with 409
    TestCluster.versionedDeployment(client, "web", "search", "version", "v1", 2);
    TestCluster.versionedDeployment(client, "web", "search", "version", "v2", 2);
    TestCluster.service(client, "web", "search", "version", "v2", Map.of());
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/web/services/search")
        .andReturn(409, conflict())
        .once();

    // When
    RollbackPlan plan =
        switches.rollback(
            DecisionTraffic.rollback(WorkloadId.parse("web/Service/search"), "v2", "v1"));

    // Then the second attempt, on a fresh read, went through
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(
            client.services().inNamespace("web").withName("search").get().getSpec().getSelector())
        .containsEntry("version", "v1");
  }

  @Test
  void aStaleResourceVersionIsRefusedByTheApiServer() {
    // Given a Service changed by someone else after the plan was made
    TestCluster.versionedDeployment(client, "web", "books", "version", "v1", 2);
    TestCluster.service(client, "web", "books", "version", "v2", Map.of());
    String stale =
        client
            .services()
            .inNamespace("web")
            .withName("books")
            .get()
            .getMetadata()
            .getResourceVersion();
    client
        .services()
        .inNamespace("web")
        .withName("books")
        .edit(
            s -> {
              s.getMetadata().setLabels(Map.of("touched", "yes"));
              return s;
            });

    // When the planned patch is sent with the resourceVersion it was planned on
    int code;
    try {
      client
          .services()
          .inNamespace("web")
          .withName("books")
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"replace\",\"path\":\"/spec/selector/version\",\"value\":\"v1\"},"
                  + "{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                  + stale
                  + "\"}]");
      code = 200;
    } catch (KubernetesClientException e) {
      code = e.getCode();
    }

    // Then the API server answers 409, which the adapter reads as "plan again"
    assertThat(code).isEqualTo(409);
  }

  @Test
  void aMissingServiceIsRefused() {
    // When
    RollbackPlan plan =
        switches.rollback(
            DecisionTraffic.rollback(WorkloadId.parse("web/Service/nowhere"), "v2", "v1"));

    // Then
    assertThat(plan.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(plan.reason()).isEqualTo("the Service does not exist");
  }

  private static Status conflict() {
    return new StatusBuilder()
        .withStatus("Failure")
        .withReason("Conflict")
        .withCode(409)
        .withMessage(
            "Operation cannot be fulfilled on services \"search\": the object has been modified")
        .build();
  }
}

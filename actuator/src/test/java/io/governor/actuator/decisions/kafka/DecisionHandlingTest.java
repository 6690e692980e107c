package io.governor.actuator.decisions.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class DecisionHandlingTest {

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
  void aRollbackRestoresThePreviousTemplateOnceAndRecordsEverything() {
    // Given checkout at revision 2 (image 1.1), with revision 1's ReplicaSet (image 1.0) kept
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    TestCluster.deployAtRevision2(client, "shop", "checkout");
    Decision decision = DecisionTraffic.rollback(checkout, "2", "1");

    // When the decision arrives
    traffic.send(decision);

    // Then revision 1's template is live again, and the result says so
    ActionResult applied = traffic.awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.before()).containsEntry("image", "ghcr.io/governor-demo/checkout:1.1");
    assertThat(applied.after()).containsEntry("revision", "1");
    Deployment live = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/governor-demo/checkout:1.0");
    assertThat(live.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("pod-template-hash");
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/change-cause", "deploy 1.0");
    // And a Kubernetes Event on the Deployment names the decision
    await()
        .atMost(DecisionTraffic.WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("shop").list().getItems())
                    .anySatisfy(
                        event -> {
                          assertThat(event.getInvolvedObject().getName()).isEqualTo("checkout");
                          assertThat(event.getReason()).isEqualTo("GovernorRollbackApplied");
                          assertThat(event.getMessage()).contains(decision.id());
                        }));

    // When the same decision is delivered again
    traffic.send(decision);

    // Then nothing changes and the repeat is recorded as a no-op
    ActionResult repeat = traffic.awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(repeat.reason()).contains("already handled");
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString("governor_actuator_actions_total{outcome=\"NO_OP\",type=\"ROLLBACK\"}"),
            containsString(
                "governor_actuator_actions_total{outcome=\"APPLIED\",type=\"ROLLBACK\"}"));
    Deployment after = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(live.getMetadata().getResourceVersion());
  }

  @Test
  void aRollbackAlreadyDoneByHandIsANoOp() {
    // Given cart, already rolled back by hand: its live template is revision 1's
    WorkloadId cart = WorkloadId.parse("shop/Deployment/cart");
    TestCluster.deployAtRevision2(client, "shop", "cart");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("cart")
        .edit(
            d -> {
              d.getSpec()
                  .setTemplate(TestCluster.template(Map.of("app", "cart"), "cart", "1.0", null));
              return d;
            });
    Decision decision = DecisionTraffic.rollback(cart, "2", "1");

    // When
    traffic.send(decision);

    // Then
    ActionResult result = traffic.awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.reason()).contains("already matches revision 1");
  }

  @Test
  void aPoisonDecisionIsDeadLetteredAndTheNextOneIsApplied() {
    WorkloadId search = WorkloadId.parse("shop/Deployment/search");
    TestCluster.deployAtRevision2(client, "shop", "search");
    traffic.kafka().send(Topics.DECISIONS, search.key(), "not json at all");
    Decision decision = DecisionTraffic.rollback(search, "2", "1");

    traffic.send(decision);

    ConsumerRecord<String, String> dead =
        traffic
            .kafka()
            .awaitRecord(
                Topics.DEAD_LETTER_ACTUATOR,
                r -> search.key().equals(r.key()),
                DecisionTraffic.WAIT);
    assertThat(KafkaTopicProbe.header(dead, "dead-letter-reason")).contains("malformed event");
    traffic.awaitResult(decision.id(), ActionOutcome.APPLIED);
  }
}

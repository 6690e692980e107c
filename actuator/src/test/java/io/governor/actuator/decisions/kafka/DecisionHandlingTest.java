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
import io.governor.testsupport.Scrape;
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

  private static final String APPLIED_ROLLBACKS =
      "governor_actuator_actions_total{outcome=\"APPLIED\",type=\"ROLLBACK\"}";
  private static final String TIMED_ROLLBACKS =
      "governor_actuator_time_to_action_seconds_count{type=\"ROLLBACK\"}";
  private static final String TIMED_ROLLBACKS_WITHIN_30S =
      "governor_actuator_time_to_action_seconds_bucket{type=\"ROLLBACK\",le=\"30.0\"}";
  private static final String UNREADABLE_REJECTED =
      "governor_actuator_decisions_rejected_total{reason=\"unreadable\"}";

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
    double appliedBefore = Scrape.value(APPLIED_ROLLBACKS);
    double timedBefore = Scrape.value(TIMED_ROLLBACKS);
    double timedOver30sBefore = timedBefore - Scrape.value(TIMED_ROLLBACKS_WITHIN_30S);

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
    // And the applied rollback is counted once, timed from its first bad sample (45 s before the
    // decision) to its outcome; the repeat is counted but not timed again
    await()
        .atMost(DecisionTraffic.WAIT)
        .untilAsserted(
            () -> {
              assertThat(Scrape.value(APPLIED_ROLLBACKS)).isEqualTo(appliedBefore + 1);
              assertThat(Scrape.value(TIMED_ROLLBACKS)).isEqualTo(timedBefore + 1);
              assertThat(Scrape.value(TIMED_ROLLBACKS) - Scrape.value(TIMED_ROLLBACKS_WITHIN_30S))
                  .as("taken 45 s or more, so above the 30 s bucket")
                  .isEqualTo(timedOver30sBefore + 1);
              assertThat(
                      Scrape.value(
                          "governor_actuator_actions_total{outcome=\"NO_OP\",type=\"ROLLBACK\"}"))
                  .isPositive();
            });
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "governor_actuator_action_duration_seconds_bucket{type=\"ROLLBACK\",le=\"0.1\"}"),
            containsString(
                "governor_actuator_time_to_action_seconds_bucket{type=\"ROLLBACK\",le=\"1800.0\"}"));
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
    double rejectedBefore = Scrape.value(UNREADABLE_REJECTED);
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
    assertThat(Scrape.value(UNREADABLE_REJECTED)).isEqualTo(rejectedBefore + 1);
  }
}

package io.governor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.Topics;
import io.governor.sandbox.kubernetes.DemoWorkload;
import io.governor.testsupport.KafkaTopicProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flows end to end: the four packaged services against a real Kafka broker, a real Redis server
 * and the sandbox Kubernetes API. A bad deploy of checkout is rolled back, once; load on cart
 * scales it up.
 */
class EndToEndIT {

  private static final Duration WAIT = RunningGovernor.WAIT;
  private static final String CHECKOUT = "shop/Deployment/checkout";

  private static RunningGovernor running;
  private static GovernorClient governor;
  private static GovernorClient stranger;
  private static KafkaTopicProbe kafka;

  @BeforeAll
  static void startGovernor() throws Exception {
    running = RunningGovernor.start("it-logs");
    governor = running.governor;
    stranger = running.stranger;
    kafka = running.kafka;
  }

  @AfterAll
  static void stopGovernor() throws IOException {
    if (running != null) {
      keepExamples();
      running.close();
    }
  }

  @Test
  void aBadDeployIsRolledBackOnceWithItsEvidence() throws Exception {
    KubernetesClient cluster = running.infrastructure.sandboxClient();
    DemoWorkload demo = new DemoWorkload(cluster);

    // 1. A policy with an error-rate ceiling; a bad body is refused naming the field
    GovernorClient.Answer bad =
        governor.createPolicy(
            BadDeployDemo.POLICY.replace("\"maxRatio\": 0.05", "\"maxRatio\": 5"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("violations").get(0).path("field").asText())
        .isEqualTo("rollback.errorRate.maxRatio");
    GovernorClient.Answer created = governor.createPolicy(BadDeployDemo.POLICY);
    assertThat(created.status()).isEqualTo(201);

    // 2. Revision 2 rolls out; the pipeline reports it with its token (without one, it is
    // refused); its pods fail one request in four
    demo.deployImage(BadDeployDemo.BAD_IMAGE, "deploy 1.1");
    await().atMost(WAIT).until(() -> "2".equals(revisionOf(demo.deployment().get())));
    String newRevision =
        """
        {"workload": "shop/Deployment/checkout", "kind": "NEW_REVISION", "revision": "2",
         "previousRevision": "1", "image": "%s"}
        """
            .formatted(BadDeployDemo.BAD_IMAGE);
    GovernorClient.Answer refused = stranger.reportDeployment(newRevision);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body().path("violations").get(0).path("field").asText())
        .isEqualTo("Authorization");
    GovernorClient.Answer reported = governor.reportDeployment(newRevision);
    assertThat(reported.status()).isEqualTo(202);
    Traffic traffic = new Traffic(CHECKOUT, "2", 50, 0.25, 7);
    Instant at = Instant.now();
    for (int second = 0; second < 5; second++) {
      assertThat(governor.postMetrics(traffic.nextSecond(at.plusSeconds(second))).status())
          .isEqualTo(202);
    }

    // 3. The engine decides to roll back, with the numbers
    ConsumerRecord<String, String> decisionRecord = running.awaitDecisionRecord(CHECKOUT);
    Decision decision = RunningGovernor.decisionOf(decisionRecord);
    assertThat(decision.type()).isEqualTo(DecisionType.ROLLBACK);
    assertThat(decision.target().fromRevision()).isEqualTo("2");
    assertThat(decision.target().toRevision()).isEqualTo("1");
    assertThat(decision.policy()).isEqualTo("checkout-errors");
    assertThat(decision.evidence().get(0).observed().get("errorRatio")).isGreaterThan(0.05);
    assertThat(decision.evidence().get(0).observed().get("requests")).isGreaterThanOrEqualTo(50);

    // 4. The actuator restores revision 1's pod template, reports it, and records an Event
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.before()).containsEntry("image", BadDeployDemo.BAD_IMAGE);
    Deployment live = demo.deployment().get();
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(BadDeployDemo.GOOD_IMAGE);
    assertThat(live.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("pod-template-hash");
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/change-cause", DemoWorkload.INITIAL_CHANGE_CAUSE);
    // As on a real cluster, revision 1's ReplicaSet becomes the newest revision
    await().atMost(WAIT).until(() -> "3".equals(revisionOf(demo.deployment().get())));
    assertThat(cluster.apps().replicaSets().inNamespace("shop").list().getItems())
        .filteredOn(replicaSet -> replicaSet.getMetadata().getName().startsWith("checkout-"))
        .hasSize(2);
    // The Event follows the result (best-effort, after Kafka has the result)
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.v1().events().inNamespace("shop").list().getItems())
                    .anySatisfy(
                        event -> {
                          assertThat(event.getInvolvedObject().getName()).isEqualTo("checkout");
                          assertThat(event.getReason()).isEqualTo("GovernorRollbackApplied");
                          assertThat(event.getMessage()).contains(decision.id());
                        }));

    // 5. The same decision delivered again changes nothing and is recorded as a no-op
    // (The generation, not the resourceVersion: the sandbox's controller may still be writing the
    // rollback's status, as a real one would, and that is no change of Governor's.)
    Deployment beforeRepeat = demo.deployment().get();
    kafka.send(Topics.DECISIONS, CHECKOUT, decisionRecord.value());
    ActionResult repeat = awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(repeat.reason()).contains("already handled");
    Deployment afterRepeat = demo.deployment().get();
    assertThat(afterRepeat.getMetadata().getGeneration())
        .isEqualTo(beforeRepeat.getMetadata().getGeneration());
    assertThat(afterRepeat.getSpec()).isEqualTo(beforeRepeat.getSpec());
    assertThat(
            kafka.readAll(Topics.DECISIONS, Duration.ofSeconds(5)).stream()
                .filter(r -> CHECKOUT.equals(r.key()))
                .count())
        .as("the engine decided once; the second record is the redelivery")
        .isEqualTo(2);
  }

  @Test
  void loadAboveTheTargetScalesTheDeploymentWithItsEvidence() throws Exception {
    CartWorkload cart = new CartWorkload(running.infrastructure.sandboxClient());
    // 1. cart runs 2 replicas; a policy keeps 50 requests per second per replica
    cart.create(2);
    GovernorClient.Answer created =
        governor.createPolicy(
            """
            {"name": "cart-scaling",
             "target": {"namespace": "shop", "kind": "Deployment", "name": "cart"},
             "scaling": {"minReplicas": 2, "maxReplicas": 10,
                         "metrics": [{"name": "http_requests_per_second",
                                      "type": "AverageValue", "value": 50}]}}
            """);
    assertThat(created.status()).isEqualTo(201);

    // 2. Its two pods report 150 requests per second each, scrape after scrape
    cart.reportUntilScaled(governor, 150, 2);

    // 3. One scale decision to 6 replicas, with every input, and the Deployment has them
    Decision decision = RunningGovernor.decisionOf(running.awaitDecisionRecord(CartWorkload.KEY));
    assertThat(decision.type()).isEqualTo(DecisionType.SCALE);
    assertThat(decision.target().replicas()).isEqualTo(6);
    assertThat(decision.evidence().get(0).observed())
        .containsEntry("currentReplicas", 2.0)
        .containsEntry("metric.http_requests_per_second", 150.0)
        .containsEntry("targetTracking", 6.0);
    assertThat(cart.replicas()).isEqualTo(6);
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.before()).containsEntry("replicas", "2");
    assertThat(applied.after()).containsEntry("replicas", "6");
  }

  @Test
  void theSchedulerTicksToEveryPartition() {
    for (int partition = 0; partition < Infrastructure.PARTITIONS; partition++) {
      int expected = partition;
      ConsumerRecord<String, String> tick =
          kafka.awaitRecord(
              Topics.SCHEDULES,
              r -> ScheduleEvent.TICK_KEY.equals(r.key()) && r.partition() == expected,
              WAIT);
      assertThat(
              EventCodec.decode(tick.value(), EventTypes.SCHEDULE, ScheduleEvent.class)
                  .data()
                  .sequence())
          .isPositive();
    }
  }

  /** Writes one record of each topic to target/e2e-events: real examples for docs/events.md. */
  private static void keepExamples() throws IOException {
    Path dir = Path.of("target", "e2e-events");
    Files.createDirectories(dir);
    for (String topic : Topics.ALL) {
      for (ConsumerRecord<String, String> record : kafka.readAll(topic, Duration.ofSeconds(5))) {
        Files.writeString(
            dir.resolve(topic + ".json"),
            "key: "
                + record.key()
                + "\n"
                + EventCodec.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(EventCodec.mapper().readTree(record.value())));
        break;
      }
    }
  }

  private static ActionResult awaitResult(String decisionId, ActionOutcome outcome) {
    return running.awaitResult(decisionId, outcome);
  }

  private static String revisionOf(Deployment deployment) {
    return deployment.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
  }
}

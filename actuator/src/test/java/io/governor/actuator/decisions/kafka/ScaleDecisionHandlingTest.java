package io.governor.actuator.decisions.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.governor.actuator.TestCluster;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scale decisions from the decisions topic to the cluster and the actions topic. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ScaleDecisionHandlingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private KafkaTopicProbe kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaTopicProbe(bootstrap);
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  @Test
  void aScaleDecisionSetsTheReplicasOnceAndRecordsEverything() {
    // Given checkout-web at 3 replicas, with no autoscaler
    WorkloadId web = WorkloadId.parse("shop/Deployment/checkout-web");
    deployment("shop", "checkout-web", 3);
    Decision decision = scale(web, 7, false);

    // When the decision arrives
    send(decision);

    // Then the Deployment asks for 7 replicas, and the result says what changed
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.type()).isEqualTo(DecisionType.SCALE);
    assertThat(applied.before()).containsEntry("replicas", "3");
    assertThat(applied.after()).containsEntry("replicas", "7");
    assertThat(applied.reason()).isEqualTo("scaled the Deployment from 3 to 7 replicas");
    Deployment live = deployments("shop").withName("checkout-web").get();
    assertThat(live.getSpec().getReplicas()).isEqualTo(7);
    // And the scale changed nothing else of the Deployment
    assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/governor-demo/checkout-web:1.0");
    // And a Kubernetes Event on the Deployment names the decision
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("shop").list().getItems())
                    .anySatisfy(
                        event -> {
                          assertThat(event.getInvolvedObject().getName()).isEqualTo("checkout-web");
                          assertThat(event.getInvolvedObject().getUid())
                              .isEqualTo(live.getMetadata().getUid());
                          assertThat(event.getReason()).isEqualTo("GovernorScaleApplied");
                          assertThat(event.getMessage()).contains(decision.id());
                        }));

    // When the same decision is delivered again
    send(decision);

    // Then nothing changes and the repeat is recorded as a no-op
    ActionResult repeat = awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(repeat.reason()).contains("already handled (APPLIED");
    assertThat(
            deployments("shop").withName("checkout-web").get().getMetadata().getResourceVersion())
        .isEqualTo(live.getMetadata().getResourceVersion());
    // (counted once the result is out, so waited for)
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      Scrape.value(
                          "governor_actuator_actions_total{outcome=\"APPLIED\",type=\"SCALE\"}"))
                  .isPositive();
              assertThat(
                      Scrape.value(
                          "governor_actuator_actions_total{outcome=\"NO_OP\",type=\"SCALE\"}"))
                  .isPositive();
            });
    // A scale is not about a revision: it names no first bad sample to time an action from
    given()
        .get("/q/metrics")
        .then()
        .body(
            not(containsString("governor_actuator_time_to_action_seconds_count{type=\"SCALE\"}")));
  }

  @Test
  void aStatefulSetIsScaledThroughItsScaleSubresource() {
    // Given the ledger StatefulSet at 2 replicas
    WorkloadId ledger = WorkloadId.parse("shop/StatefulSet/ledger");
    statefulSet("shop", "ledger", 2);
    Decision decision = scale(ledger, 5, false);

    // When
    send(decision);

    // Then
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.after()).containsEntry("replicas", "5");
    StatefulSet live = client.apps().statefulSets().inNamespace("shop").withName("ledger").get();
    assertThat(live.getSpec().getReplicas()).isEqualTo(5);
    assertThat(live.getSpec().getServiceName()).isEqualTo("ledger");
  }

  @Test
  void aWorkloadAlreadyAtTheCountIsANoOp() {
    // Given basket already at 4 replicas
    WorkloadId basket = WorkloadId.parse("shop/Deployment/basket");
    deployment("shop", "basket", 4);
    String version =
        deployments("shop").withName("basket").get().getMetadata().getResourceVersion();
    Decision decision = scale(basket, 4, false);

    // When
    send(decision);

    // Then
    ActionResult result = awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.reason()).isEqualTo("already at 4 replicas");
    assertThat(deployments("shop").withName("basket").get().getMetadata().getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void anAutoscaledWorkloadGetsItsAutoscalerBoundsMovedAndKeepsItsReplicas() {
    // Given pricing at 3 replicas, scaled by an HPA between 2 and 6
    WorkloadId pricing = WorkloadId.parse("shop/Deployment/pricing");
    deployment("shop", "pricing", 3);
    autoscaler("shop", "pricing", "pricing", 2, 6);
    Decision decision = scale(pricing, 8, false);

    // When a decision asks for 8
    send(decision);

    // Then the HPA's floor is 8 and its ceiling rose to 8; the Deployment is left to the HPA
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
    assertThat(applied.before())
        .containsEntry("horizontalPodAutoscaler", "pricing")
        .containsEntry("minReplicas", "2")
        .containsEntry("maxReplicas", "6");
    assertThat(applied.after()).containsEntry("minReplicas", "8").containsEntry("maxReplicas", "8");
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("shop")
            .withName("pricing")
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(8);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
    assertThat(hpa.getSpec().getMetrics()).hasSize(1);
    assertThat(deployments("shop").withName("pricing").get().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aDryRunChangesNothingAndSaysWhatItWouldHaveDone() {
    // Given search at 3 replicas and a dry-run decision for 6
    WorkloadId search = WorkloadId.parse("shop/Deployment/search-web");
    deployment("shop", "search-web", 3);
    Decision decision = scale(search, 6, true);

    // When
    send(decision);

    // Then
    ActionResult result = awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.dryRun()).isTrue();
    assertThat(result.reason())
        .isEqualTo("dry-run: would have scaled the Deployment from 3 to 6 replicas");
    assertThat(result.after()).containsEntry("replicas", "3");
    assertThat(deployments("shop").withName("search-web").get().getSpec().getReplicas())
        .isEqualTo(3);
  }

  private ActionResult awaitResult(String decisionId, ActionOutcome outcome) {
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(
            Topics.ACTIONS,
            r -> r.value().contains(decisionId) && r.value().contains("\"" + outcome + "\""),
            WAIT);
    return EventCodec.decode(record.value(), EventTypes.ACTION_RESULT, ActionResult.class).data();
  }

  private void send(Decision decision) {
    kafka.send(
        Topics.DECISIONS,
        decision.workload().key(),
        EventCodec.encode(
            CloudEvent.withId(
                decision.id(),
                EventTypes.DECISION,
                "/test",
                decision.workload(),
                decision,
                Clock.systemUTC())));
  }

  static Decision scale(WorkloadId workload, int replicas, boolean dryRun) {
    Instant now = Instant.now();
    return new Decision(
        DecisionIds.of(DecisionType.SCALE, workload, null, "target-tracking", now.toString()),
        DecisionType.SCALE,
        workload,
        DecisionTarget.scale(replicas),
        "target-tracking",
        "test",
        List.of(),
        "test-policy",
        1,
        dryRun,
        now);
  }

  private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>>
      deployments(String namespace) {
    return client.apps().deployments().inNamespace(namespace);
  }

  private void deployment(String namespace, String name, int replicas) {
    TestCluster.deployment(client, namespace, name, replicas);
  }

  private void statefulSet(String namespace, String name, int replicas) {
    TestCluster.statefulSet(client, namespace, name, replicas);
  }

  private void autoscaler(String namespace, String name, String deployment, int min, int max) {
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment)
                .endScaleTargetRef()
                .withMinReplicas(min)
                .withMaxReplicas(max)
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(70)
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build())
        .create();
  }
}

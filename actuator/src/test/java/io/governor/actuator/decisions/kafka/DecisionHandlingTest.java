package io.governor.actuator.decisions.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void aRollbackRestoresThePreviousTemplateOnceAndRecordsEverything() {
    // Given checkout at revision 2 (image 1.1), with revision 1's ReplicaSet (image 1.0) kept
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    deployAtRevision2("shop", "checkout");
    Decision decision = rollback(checkout, "2", "1");

    // When the decision arrives
    send(decision);

    // Then revision 1's template is live again, and the result says so
    ActionResult applied = awaitResult(decision.id(), ActionOutcome.APPLIED);
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
        .atMost(WAIT)
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
    send(decision);

    // Then nothing changes and the repeat is recorded as a no-op
    ActionResult repeat = awaitResult(decision.id(), ActionOutcome.NO_OP);
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
    deployAtRevision2("shop", "cart");
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("cart")
        .edit(
            d -> {
              d.getSpec().setTemplate(template("cart", "1.0", null));
              return d;
            });
    Decision decision = rollback(cart, "2", "1");

    // When
    send(decision);

    // Then
    ActionResult result = awaitResult(decision.id(), ActionOutcome.NO_OP);
    assertThat(result.reason()).contains("already matches revision 1");
  }

  @Test
  void aPoisonDecisionIsDeadLetteredAndTheNextOneIsApplied() {
    WorkloadId search = WorkloadId.parse("shop/Deployment/search");
    deployAtRevision2("shop", "search");
    kafka.send(Topics.DECISIONS, search.key(), "not json at all");
    Decision decision = rollback(search, "2", "1");

    send(decision);

    ConsumerRecord<String, String> dead =
        kafka.awaitRecord(Topics.DEAD_LETTER_ACTUATOR, r -> search.key().equals(r.key()), WAIT);
    assertThat(KafkaTopicProbe.header(dead, "dead-letter-reason")).contains("malformed event");
    awaitResult(decision.id(), ActionOutcome.APPLIED);
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

  private static Decision rollback(WorkloadId workload, String from, String to) {
    return new Decision(
        DecisionIds.of(
            DecisionType.ROLLBACK, workload, from, "error-rate", Instant.now().toString()),
        DecisionType.ROLLBACK,
        workload,
        DecisionTarget.rollback(from, to),
        "error-rate",
        "test",
        List.of(),
        "test-policy",
        1,
        false,
        Instant.now());
  }

  /** What a cluster shows after {@code kubectl set image} made revision 2. */
  private void deployAtRevision2(String namespace, String name) {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .addToAnnotations("deployment.kubernetes.io/revision", "2")
                    .addToAnnotations("kubernetes.io/change-cause", "deploy 1.1")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(3)
                    .withNewSelector()
                    .addToMatchLabels("app", name)
                    .endSelector()
                    .withTemplate(template(name, "1.1", null))
                    .endSpec()
                    .build())
            .create();
    replicaSet(deployment, "1", "1.0", "deploy 1.0");
    replicaSet(deployment, "2", "1.1", "deploy 1.1");
  }

  private void replicaSet(Deployment owner, String revision, String version, String cause) {
    String hash = "h" + revision + Integer.toHexString(owner.getMetadata().getName().hashCode());
    client
        .apps()
        .replicaSets()
        .inNamespace(owner.getMetadata().getNamespace())
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(owner.getMetadata().getName() + "-" + hash)
                .withNamespace(owner.getMetadata().getNamespace())
                .addToAnnotations("deployment.kubernetes.io/revision", revision)
                .addToAnnotations("kubernetes.io/change-cause", cause)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(revision.equals("2") ? 3 : 0)
                .withNewSelector()
                .addToMatchLabels("app", owner.getMetadata().getName())
                .addToMatchLabels("pod-template-hash", hash)
                .endSelector()
                .withTemplate(template(owner.getMetadata().getName(), version, hash))
                .endSpec()
                .build())
        .create();
  }

  private static PodTemplateSpec template(String app, String version, String hash) {
    PodTemplateSpecBuilder template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", app)
            .endMetadata()
            .withNewSpec()
            .withContainers(
                new ContainerBuilder()
                    .withName(app)
                    .withImage("ghcr.io/governor-demo/" + app + ":" + version)
                    .build())
            .endSpec();
    if (hash != null) {
      template.editMetadata().addToLabels(Map.of("pod-template-hash", hash)).endMetadata();
    }
    return template.build();
  }
}

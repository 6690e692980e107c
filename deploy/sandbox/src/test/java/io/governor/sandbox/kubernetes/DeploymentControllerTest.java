package io.governor.sandbox.kubernetes;

import static io.governor.sandbox.kubernetes.DeploymentAnnotations.CHANGE_CAUSE;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.POD_TEMPLATE_HASH_LABEL;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.REVISION;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.REVISION_HISTORY;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.revisionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentControllerTest {

  private static final String IMAGE_2 = "ghcr.io/governor-demo/checkout:2.0";

  private SandboxKubernetes sandbox;
  private KubernetesClient client;
  private DemoWorkload demo;

  @BeforeEach
  void startSandbox() {
    sandbox = SandboxKubernetes.start(0);
    client = sandbox.client();
    demo = new DemoWorkload(client);
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void creatingTheDemoRollsOutRevisionOneAndReportsTheDeploymentReady() {
    // Given a running sandbox (see startSandbox)

    // When
    demo.seed();

    // Then
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("1"));
    assertRolledOut();
    List<ReplicaSet> replicaSets = replicaSets();
    assertThat(replicaSets).hasSize(1);
    ReplicaSet first = replicaSets.get(0);
    String hash = first.getMetadata().getLabels().get(POD_TEMPLATE_HASH_LABEL);
    assertThat(first.getMetadata().getName()).isEqualTo("checkout-" + hash);
    assertThat(first.getMetadata().getAnnotations())
        .containsEntry(REVISION, "1")
        .containsEntry(CHANGE_CAUSE, "deploy 1.0");
    assertThat(first.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getController()).isTrue();
              assertThat(owner.getUid()).isEqualTo(demo.deployment().get().getMetadata().getUid());
            });
    assertThat(first.getSpec().getReplicas()).isEqualTo(3);
    assertThat(first.getSpec().getSelector().getMatchLabels())
        .containsEntry("app", "checkout")
        .containsEntry(POD_TEMPLATE_HASH_LABEL, hash);
    assertThat(first.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(POD_TEMPLATE_HASH_LABEL, hash);
    assertThat(imageOf(first.getSpec().getTemplate())).isEqualTo(DemoWorkload.INITIAL_IMAGE);
    assertThat(first.getStatus().getReadyReplicas()).isEqualTo(3);
  }

  @Test
  void deployingANewImageMakesRevisionTwoAndScalesRevisionOneToZero() {
    // Given
    ReplicaSet revision1 = seededRevision1();

    // When
    demo.deployImage(IMAGE_2, "deploy 2.0");

    // Then
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("2"));
    assertRolledOut();
    assertThat(replicaSets()).hasSize(2);
    ReplicaSet revision2 = newest();
    assertThat(revisionOf(revision2)).isEqualTo(2);
    assertThat(revision2.getMetadata().getAnnotations()).containsEntry(CHANGE_CAUSE, "deploy 2.0");
    assertThat(imageOf(revision2.getSpec().getTemplate())).isEqualTo(IMAGE_2);
    assertThat(revision2.getSpec().getReplicas()).isEqualTo(3);
    ReplicaSet old = replicaSet(revision1.getMetadata().getName());
    assertThat(old.getSpec().getReplicas()).isZero();
    assertThat(old.getStatus().getReplicas()).isZero();
    assertThat(revisionOf(old)).isEqualTo(1);
  }

  @ParameterizedTest(name = "pod-template-hash label stripped: {0}")
  @ValueSource(booleans = {true, false})
  void patchingTheTemplateBackMakesTheOldReplicaSetTheNewestRevision(boolean stripHashLabel) {
    // Given revision 2 is live and revision 1's template is known
    ReplicaSet revision1 = seededRevision1();
    demo.deployImage(IMAGE_2, "deploy 2.0");
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("2"));
    PodTemplateSpec template = revision1.getSpec().getTemplate();
    if (stripHashLabel) {
      template =
          new PodTemplateSpecBuilder(template)
              .editMetadata()
              .removeFromLabels(POD_TEMPLATE_HASH_LABEL)
              .endMetadata()
              .build();
    }

    // When Governor's actuator sends its rollback patch
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(List.of(Map.of("op", "replace", "path", "/spec/template", "value", template)));
    demo.deployment().patch(PatchContext.of(PatchType.JSON), patch);

    // Then
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("3"));
    assertRolledOut();
    ReplicaSet promoted = replicaSet(revision1.getMetadata().getName());
    assertThat(promoted.getMetadata().getAnnotations())
        .containsEntry(REVISION, "3")
        .containsEntry(REVISION_HISTORY, "1");
    assertThat(promoted.getSpec().getReplicas()).isEqualTo(3);
    assertThat(imageOf(promoted.getSpec().getTemplate())).isEqualTo(DemoWorkload.INITIAL_IMAGE);
    assertThat(newest().getMetadata().getName()).isEqualTo(revision1.getMetadata().getName());
    assertThat(replicaSets())
        .hasSize(2)
        .filteredOn(rs -> revisionOf(rs) == 2)
        .singleElement()
        .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
  }

  @Test
  void aPausedDeploymentGetsNoReplicaSetUntilResumed() {
    // Given
    client
        .resource(
            new DeploymentBuilder(DemoWorkload.checkoutDeployment())
                .editSpec()
                .withPaused(true)
                .endSpec()
                .build())
        .create();

    // When the controller has seen it
    await()
        .untilAsserted(
            () ->
                assertThat(condition(demo.deployment().get(), "Progressing").getReason())
                    .isEqualTo("DeploymentPaused"));

    // Then
    assertThat(replicaSets()).isEmpty();
    assertThat(demo.deployment().get().getMetadata().getAnnotations()).doesNotContainKey(REVISION);

    // And when resumed, it rolls out revision 1
    demo.deployment().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}");
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("1"));
    assertRolledOut();
    assertThat(replicaSets()).hasSize(1);
  }

  @Test
  void aSettledDeploymentIsLeftAlone() {
    // Given
    seededRevision1();
    String settledVersion = demo.deployment().get().getMetadata().getResourceVersion();

    // When nothing changes for a while
    // Then the controller's own writes have not woken it up again
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                settledVersion.equals(demo.deployment().get().getMetadata().getResourceVersion())
                    && replicaSets().size() == 1);
  }

  private ReplicaSet seededRevision1() {
    demo.seed();
    await().untilAsserted(this::assertRolledOut);
    await().untilAsserted(() -> assertThat(deploymentRevision()).isEqualTo("1"));
    return newest();
  }

  /** Asserts the status a real cluster shows once a rollout has completed. */
  private void assertRolledOut() {
    await()
        .untilAsserted(
            () -> {
              Deployment deployment = demo.deployment().get();
              assertThat(deployment.getStatus()).isNotNull();
              assertThat(deployment.getStatus().getObservedGeneration())
                  .isEqualTo(deployment.getMetadata().getGeneration());
              assertThat(deployment.getStatus().getReplicas()).isEqualTo(3);
              assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(3);
              assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(3);
              assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(3);
              assertThat(condition(deployment, "Available").getStatus()).isEqualTo("True");
              DeploymentCondition progressing = condition(deployment, "Progressing");
              assertThat(progressing.getStatus()).isEqualTo("True");
              assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
            });
  }

  private String deploymentRevision() {
    Map<String, String> annotations = demo.deployment().get().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(REVISION);
  }

  private static DeploymentCondition condition(Deployment deployment, String type) {
    assertThat(deployment.getStatus()).isNotNull();
    return deployment.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }

  private List<ReplicaSet> replicaSets() {
    return client.apps().replicaSets().inNamespace(DemoWorkload.NAMESPACE).list().getItems();
  }

  private ReplicaSet replicaSet(String name) {
    return client.apps().replicaSets().inNamespace(DemoWorkload.NAMESPACE).withName(name).get();
  }

  private ReplicaSet newest() {
    return replicaSets().stream()
        .max(Comparator.comparingLong(DeploymentAnnotations::revisionOf))
        .orElseThrow();
  }

  private static String imageOf(PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0).getImage();
  }
}

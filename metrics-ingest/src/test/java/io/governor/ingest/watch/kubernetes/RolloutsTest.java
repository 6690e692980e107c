package io.governor.ingest.watch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.governor.contracts.WorkloadId;
import io.governor.ingest.watch.Rollout;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading Deployments and ReplicaSets as the Deployment controller writes them; no server. */
class RolloutsTest {

  private static final String UID = "uid-checkout";

  @Test
  void theNewestReplicaSetIsTheRevisionAndTheNextOlderOneThePrevious() {
    // Given revisions 1, 3 and 2 of checkout (a gap, and out of order)
    Deployment deployment = deployment("3", 4L, 4L);
    List<ReplicaSet> replicaSets =
        List.of(
            replicaSet("1", "app:1.0", UID, null),
            replicaSet("3", "app:1.2", UID, null),
            replicaSet("2", "app:1.1", UID, null));

    // When
    Rollout rollout = Rollouts.of(deployment, replicaSets).orElseThrow();

    // Then
    assertThat(rollout.workload()).isEqualTo(WorkloadId.parse("shop/Deployment/checkout"));
    assertThat(rollout.revision().number()).isEqualTo(3);
    assertThat(rollout.previousRevision()).isEqualTo(2L);
    assertThat(rollout.revision().image()).isEqualTo("app:1.2");
    assertThat(rollout.revision().changeCause()).isEqualTo("deploy app:1.2");
    assertThat(rollout.revision().since()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
    assertThat(rollout.revision().restoredFrom()).isNull();
    assertThat(rollout.rolledBackTo()).isNull();
    assertThat(rollout.labels()).containsEntry("team", "payments");
    assertThat(rollout.progress().complete()).isTrue();
  }

  @Test
  void aRevisionIsAsOldAsItsReplicaSetHoweverRecentlyTheRolloutProgressed() {
    // Given revision 2 created two hours ago, whose Progressing condition the controller
    // refreshed a minute ago (it does on every bit of progress, and on completion)
    Deployment deployment =
        new DeploymentBuilder(deployment("2", 2L, 2L))
            .editStatus()
            .editFirstCondition()
            .withLastUpdateTime("2026-11-27T13:59:00Z")
            .withLastTransitionTime("2026-11-27T13:59:00Z")
            .endCondition()
            .endStatus()
            .build();
    ReplicaSet revision2 =
        new ReplicaSetBuilder(replicaSet("2", "app:1.1", UID, null))
            .editMetadata()
            .withCreationTimestamp("2026-11-27T12:00:00Z")
            .endMetadata()
            .build();

    Rollout rollout =
        Rollouts.of(deployment, List.of(replicaSet("1", "app:1.0", UID, null), revision2))
            .orElseThrow();

    // Then its age, which decides a first sight after a restart, is the ReplicaSet's
    assertThat(rollout.revision().since()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
  }

  @Test
  void replicaSetsOfAnotherDeploymentOrOfADeletedOneOfTheSameNameDoNotCount() {
    Deployment deployment = deployment("1", 1L, 1L);
    List<ReplicaSet> replicaSets =
        List.of(
            replicaSet("1", "app:1.0", UID, null),
            replicaSet("7", "app:0.9", "uid-of-a-deleted-checkout", null),
            new ReplicaSetBuilder(replicaSet("8", "app:0.8", UID, null))
                .editMetadata()
                .withOwnerReferences(List.of())
                .endMetadata()
                .build());

    Rollout rollout = Rollouts.of(deployment, replicaSets).orElseThrow();

    assertThat(rollout.revision().number()).isEqualTo(1);
    assertThat(rollout.previousRevision()).isNull();
  }

  @Test
  void whileTheDeploymentNamesARevisionNotSeenYetThereIsNoRollout() {
    // The Deployment's annotation moved to 2 before revision 2's ReplicaSet reached the cache
    Deployment deployment = deployment("2", 2L, 2L);

    Optional<Rollout> rollout =
        Rollouts.of(deployment, List.of(replicaSet("1", "app:1.0", UID, null)));

    assertThat(rollout).isEmpty();
  }

  @Test
  void aReplicaSetWithARevisionHistoryWasRestoredFromItsLastFormerRevision() {
    Deployment deployment = deployment("5", 3L, 3L);

    Rollout rollout =
        Rollouts.of(
                deployment,
                List.of(
                    replicaSet("4", "app:1.1", UID, null), replicaSet("5", "app:1.0", UID, "1,3")))
            .orElseThrow();

    assertThat(rollout.revision().restoredFrom()).isEqualTo(3L);
    assertThat(rollout.previousRevision()).isEqualTo(4L);
    assertThat(rollout.rolledBackTo()).isNull();
    assertThat(rollout.restoredByGovernor()).as("no rollback of Governor's").isFalse();
  }

  @Test
  void governorsRollbackAnnotationIsReadFromTheDeployment() {
    Deployment deployment =
        new DeploymentBuilder(deployment("3", 3L, 3L))
            .editMetadata()
            .addToAnnotations("governor.io/rolled-back-to", "1")
            .addToAnnotations("governor.io/rollback-decision", "d-1")
            .endMetadata()
            .build();

    Rollout rollout =
        Rollouts.of(
                deployment,
                List.of(
                    replicaSet("2", "app:1.1", UID, null), replicaSet("3", "app:1.0", UID, "1")))
            .orElseThrow();

    assertThat(rollout.rolledBackTo()).isEqualTo(1L);
    assertThat(rollout.revision().restoredFrom()).isEqualTo(1L);
    assertThat(rollout.restoredByGovernor()).isTrue();
  }

  @Test
  void theProgressDeadlineIsReadFromTheProgressingCondition() {
    Deployment stuck =
        new DeploymentBuilder(deployment("2", 2L, 2L))
            .editStatus()
            .withUpdatedReplicas(1)
            .editFirstCondition()
            .withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .endCondition()
            .endStatus()
            .build();

    Rollout rollout =
        Rollouts.of(
                stuck, List.of(replicaSet("1", "a", UID, null), replicaSet("2", "b", UID, null)))
            .orElseThrow();

    assertThat(rollout.progress().deadlineExceeded()).isTrue();
    assertThat(rollout.progress().complete()).isFalse();
  }

  private static Deployment deployment(String revision, long generation, long observed) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName("checkout")
        .withUid(UID)
        .withGeneration(generation)
        .withResourceVersion("42")
        .addToLabels("team", "payments")
        .addToAnnotations("deployment.kubernetes.io/revision", revision)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(3)
        .withUpdatedReplicas(3)
        .withAvailableReplicas(3)
        .addNewCondition()
        .withType("Progressing")
        .withStatus("True")
        .withReason("NewReplicaSetAvailable")
        .withLastUpdateTime("2026-11-27T11:59:00Z")
        .endCondition()
        .endStatus()
        .build();
  }

  private static ReplicaSet replicaSet(
      String revision, String image, String ownerUid, String revisionHistory) {
    ReplicaSetBuilder builder =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("checkout-" + revision)
            .withCreationTimestamp("2026-11-27T12:00:00Z")
            .addToAnnotations("deployment.kubernetes.io/revision", revision)
            .addToAnnotations("kubernetes.io/change-cause", "deploy " + image)
            .addNewOwnerReference()
            .withKind("Deployment")
            .withName("checkout")
            .withUid(ownerUid)
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("checkout")
            .withImage(image)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec();
    if (revisionHistory != null) {
      builder
          .editMetadata()
          .addToAnnotations("deployment.kubernetes.io/revision-history", revisionHistory)
          .endMetadata();
    }
    return builder.build();
  }
}

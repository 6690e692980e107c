package io.governor.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the statuses a real cluster reports once every pod is up. There are no pods here, so
 * "ready" simply means "as many replicas as asked for".
 */
final class RolloutStatus {

  private RolloutStatus() {}

  static ReplicaSetStatus replicaSet(int replicas, Long generation) {
    return new ReplicaSetStatusBuilder()
        .withReplicas(replicas)
        .withFullyLabeledReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withObservedGeneration(generation)
        .build();
  }

  /** Compares only what {@link #replicaSet} sets, so server-side defaults cause no rewrite. */
  static boolean sameReplicaSetStatus(ReplicaSetStatus actual, ReplicaSetStatus desired) {
    return actual != null
        && Objects.equals(actual.getReplicas(), desired.getReplicas())
        && Objects.equals(actual.getReadyReplicas(), desired.getReadyReplicas())
        && Objects.equals(actual.getAvailableReplicas(), desired.getAvailableReplicas())
        && Objects.equals(actual.getObservedGeneration(), desired.getObservedGeneration());
  }

  static DeploymentStatus completed(
      Long generation, int replicas, String replicaSetName, DeploymentStatus previous) {
    return deployment(
        generation,
        replicas,
        replicas,
        previous,
        condition(
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability."),
        condition(
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            "ReplicaSet \"" + replicaSetName + "\" has successfully progressed."));
  }

  /** A paused Deployment keeps whatever pods it had; only the new template is not rolled out. */
  static DeploymentStatus paused(
      Long generation, int runningReplicas, int updatedReplicas, DeploymentStatus previous) {
    boolean available = runningReplicas > 0;
    return deployment(
        generation,
        runningReplicas,
        updatedReplicas,
        previous,
        available
            ? condition(
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.")
            : condition(
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability."),
        condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused"));
  }

  /** Compares everything but timestamps, which would otherwise make every pass a change. */
  static boolean sameDeploymentStatus(DeploymentStatus actual, DeploymentStatus desired) {
    return actual != null
        && Objects.equals(actual.getObservedGeneration(), desired.getObservedGeneration())
        && Objects.equals(actual.getReplicas(), desired.getReplicas())
        && Objects.equals(actual.getUpdatedReplicas(), desired.getUpdatedReplicas())
        && Objects.equals(actual.getReadyReplicas(), desired.getReadyReplicas())
        && Objects.equals(actual.getAvailableReplicas(), desired.getAvailableReplicas())
        && conditionKeys(actual).equals(conditionKeys(desired));
  }

  private static DeploymentStatus deployment(
      Long generation,
      int replicas,
      int updatedReplicas,
      DeploymentStatus previous,
      DeploymentCondition... conditions) {
    List<DeploymentCondition> withTimes =
        Stream.of(conditions).map(c -> keepTransitionTime(c, previous)).toList();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(generation)
        .withReplicas(replicas)
        .withUpdatedReplicas(updatedReplicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withConditions(withTimes)
        .build();
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  // Like the real controller: the transition time moves only when the condition's status flips.
  private static DeploymentCondition keepTransitionTime(
      DeploymentCondition desired, DeploymentStatus previous) {
    return Optional.ofNullable(previous)
        .map(DeploymentStatus::getConditions)
        .orElse(List.of())
        .stream()
        .filter(old -> desired.getType().equals(old.getType()))
        .filter(old -> desired.getStatus().equals(old.getStatus()))
        .findFirst()
        .map(
            old ->
                new DeploymentConditionBuilder(desired)
                    .withLastTransitionTime(old.getLastTransitionTime())
                    .build())
        .orElse(desired);
  }

  private static List<List<String>> conditionKeys(DeploymentStatus status) {
    return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
        .map(c -> Stream.of(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
        .map(fields -> fields.map(String::valueOf).toList())
        .sorted(Comparator.comparing(fields -> fields.get(0)))
        .toList();
  }
}

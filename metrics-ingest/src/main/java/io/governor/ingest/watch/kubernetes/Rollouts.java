package io.governor.ingest.watch.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.governor.contracts.Annotations;
import io.governor.contracts.WorkloadId;
import io.governor.ingest.watch.Rollout;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a Deployment and its ReplicaSets into a {@link Rollout}, as the Deployment controller
 * writes them.
 */
public final class Rollouts {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  private Rollouts() {}

  /**
   * The Deployment that controls a ReplicaSet, as {@code namespace/name}: the key under which the
   * watch indexes ReplicaSets. Empty when no Deployment controls it.
   */
  public static List<String> ownerKeys(ReplicaSet replicaSet) {
    return controller(replicaSet)
        .map(owner -> replicaSet.getMetadata().getNamespace() + "/" + owner.getName())
        .stream()
        .toList();
  }

  /**
   * The rollout of a Deployment. Its newest revision is its ReplicaSet with the highest revision
   * (the controller gives the new ReplicaSet, and one a rollback restores, the next number).
   *
   * @param replicaSets ReplicaSets of the Deployment's namespace; those it does not control are
   *     ignored
   * @return empty while no ReplicaSet of it is seen, or the Deployment names a newer revision than
   *     any ReplicaSet seen (the ReplicaSet's own event follows)
   */
  public static Optional<Rollout> of(Deployment deployment, Collection<ReplicaSet> replicaSets) {
    List<ReplicaSet> owned =
        replicaSets.stream()
            .filter(rs -> controls(deployment, rs))
            .filter(rs -> revisionOf(rs).isPresent())
            .sorted(Comparator.comparing((ReplicaSet rs) -> revisionOf(rs).orElseThrow()))
            .toList();
    if (owned.isEmpty()) {
      return Optional.empty();
    }
    ReplicaSet newest = owned.get(owned.size() - 1);
    long revision = revisionOf(newest).orElseThrow();
    Optional<Long> named = revisionOf(deployment);
    if (named.isPresent() && named.get() > revision) {
      return Optional.empty();
    }
    Long previous = owned.size() < 2 ? null : revisionOf(owned.get(owned.size() - 2)).orElseThrow();
    String changeCause =
        annotation(newest, CHANGE_CAUSE)
            .or(
                () ->
                    named.isEmpty() || named.get() == revision
                        ? annotation(deployment, CHANGE_CAUSE)
                        : Optional.empty())
            .orElse(null);
    return Optional.of(
        new Rollout(
            new WorkloadId(
                deployment.getMetadata().getNamespace(),
                "Deployment",
                deployment.getMetadata().getName()),
            deployment.getMetadata().getResourceVersion(),
            deployment.getMetadata().getLabels(),
            new Rollout.Revision(
                revision,
                firstImage(newest),
                changeCause,
                since(newest),
                restoredFrom(newest).orElse(null)),
            previous,
            progress(deployment),
            number(annotation(deployment, Annotations.ROLLED_BACK_TO)).orElse(null)));
  }

  private static Rollout.Progress progress(Deployment deployment) {
    DeploymentStatus status =
        Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
    int desired =
        Optional.ofNullable(deployment.getSpec()).map(DeploymentSpec::getReplicas).orElse(1);
    return new Rollout.Progress(
        Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(0L),
        Optional.ofNullable(status.getObservedGeneration()).orElse(0L),
        desired,
        orZero(status.getReplicas()),
        orZero(status.getUpdatedReplicas()),
        orZero(status.getAvailableReplicas()),
        progressing(status).map(c -> DEADLINE_EXCEEDED.equals(c.getReason())).orElse(false));
  }

  /**
   * When the revision started rolling out: its ReplicaSet's creation. Not the Progressing
   * condition's lastUpdateTime, which the controller refreshes on every bit of progress (and when
   * the rollout completes): with it, a revision long announced would look new again after a
   * restart.
   */
  private static Instant since(ReplicaSet newest) {
    return instant(newest.getMetadata().getCreationTimestamp()).orElse(null);
  }

  private static Optional<DeploymentCondition> progressing(DeploymentStatus status) {
    return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
        .filter(c -> "Progressing".equals(c.getType()))
        .findFirst();
  }

  private static boolean controls(Deployment deployment, ReplicaSet replicaSet) {
    String uid = deployment.getMetadata().getUid();
    return Objects.equals(
            deployment.getMetadata().getNamespace(), replicaSet.getMetadata().getNamespace())
        && controller(replicaSet)
            .filter(owner -> owner.getName().equals(deployment.getMetadata().getName()))
            // A ReplicaSet left by a deleted Deployment of the same name is not this one's.
            .filter(owner -> uid == null || owner.getUid() == null || uid.equals(owner.getUid()))
            .isPresent();
  }

  private static Optional<OwnerReference> controller(ReplicaSet replicaSet) {
    return Optional.ofNullable(replicaSet.getMetadata().getOwnerReferences())
        .orElse(List.of())
        .stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .filter(owner -> "Deployment".equals(owner.getKind()) && owner.getName() != null)
        .findFirst();
  }

  private static String firstImage(ReplicaSet replicaSet) {
    return Optional.ofNullable(replicaSet.getSpec())
        .map(ReplicaSetSpec::getTemplate)
        .map(PodTemplateSpec::getSpec)
        .map(PodSpec::getContainers)
        .flatMap(containers -> containers.stream().findFirst())
        .map(Container::getImage)
        .orElse(null);
  }

  static Optional<Long> revisionOf(HasMetadata resource) {
    return number(annotation(resource, REVISION));
  }

  /**
   * The revision a ReplicaSet had before its last renumbering: the controller appends it to the end
   * of {@code revision-history}.
   */
  private static Optional<Long> restoredFrom(ReplicaSet replicaSet) {
    return annotation(replicaSet, REVISION_HISTORY)
        .map(history -> history.substring(history.lastIndexOf(',') + 1).trim())
        .flatMap(last -> number(Optional.of(last)));
  }

  private static Optional<Long> number(Optional<String> value) {
    try {
      return value.map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> annotation(HasMetadata resource, String name) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(name))
        .filter(value -> !value.isBlank());
  }

  private static Optional<Instant> instant(String timestamp) {
    try {
      return Optional.ofNullable(timestamp).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}

package io.governor.ingest.watch;

import io.governor.contracts.WorkloadId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A Deployment's rollout as the watch sees it at one moment: its newest revision, the revision
 * before it, and how far the rollout got.
 *
 * @param resourceVersion the Deployment's resourceVersion, which names this moment
 * @param labels the Deployment's labels
 * @param revision the newest revision, the one being rolled out or already live
 * @param previousRevision the highest older revision among the Deployment's ReplicaSets, or null
 *     when there is none (a first revision, or no history kept)
 * @param progress the Deployment's status against its spec
 * @param rolledBackTo the Deployment's {@code governor.io/rolled-back-to} annotation: the revision
 *     whose ReplicaSet Governor's last rollback restored, or null when Governor never rolled it
 *     back
 */
public record Rollout(
    WorkloadId workload,
    String resourceVersion,
    Map<String, String> labels,
    Revision revision,
    Long previousRevision,
    Progress progress,
    Long rolledBackTo) {

  public Rollout {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(progress, "progress");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * The newest revision is one Governor's rollback restored: its ReplicaSet was renumbered from the
   * revision the Deployment's {@code governor.io/rolled-back-to} names. A ReplicaSet renumbered
   * otherwise (a pipeline redeploying an old template) is a new revision like any other.
   */
  public boolean restoredByGovernor() {
    return revision.restoredFrom() != null && revision.restoredFrom().equals(rolledBackTo);
  }

  /**
   * One revision of a Deployment, from its ReplicaSet.
   *
   * @param number the {@code deployment.kubernetes.io/revision} annotation
   * @param image the image of the pod template's first container, or null
   * @param changeCause the {@code kubernetes.io/change-cause} annotation, or null
   * @param since when the revision started rolling out (its ReplicaSet was created), or null when
   *     not known
   * @param restoredFrom the revision the ReplicaSet had before it was renumbered to this one, the
   *     last of its {@code deployment.kubernetes.io/revision-history}; null when it has none. Set
   *     both when a rollback restored an older revision and when a template equal to an old one was
   *     applied again
   */
  public record Revision(
      long number, String image, String changeCause, Instant since, Long restoredFrom) {}

  /**
   * A Deployment's status against its spec, as {@code kubectl rollout status} reads it.
   *
   * @param generation {@code metadata.generation}
   * @param observedGeneration {@code status.observedGeneration}: the status describes the current
   *     spec only when it is not behind {@code generation}
   * @param desired {@code spec.replicas}
   * @param total {@code status.replicas}: pods of every revision
   * @param updated {@code status.updatedReplicas}: pods of the newest revision
   * @param available {@code status.availableReplicas}
   * @param deadlineCondition the Progressing condition's reason is {@code ProgressDeadlineExceeded}
   */
  public record Progress(
      long generation,
      long observedGeneration,
      int desired,
      int total,
      int updated,
      int available,
      boolean deadlineCondition) {

    /** The status describes the current spec, not an older one. */
    public boolean observed() {
      return observedGeneration >= generation;
    }

    /** Every desired replica is of the newest revision and available, and no older one is left. */
    public boolean complete() {
      return observed() && updated == desired && available == desired && total <= updated;
    }

    /** Kubernetes gave up waiting for this spec's rollout to progress. */
    public boolean deadlineExceeded() {
      return observed() && deadlineCondition;
    }
  }
}

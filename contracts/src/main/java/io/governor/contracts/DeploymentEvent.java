package io.governor.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change in a workload's rollout, from the Kubernetes watch or a CI/CD webhook.
 *
 * @param revision the revision concerned ({@code deployment.kubernetes.io/revision})
 * @param previousRevision the revision live before it; required for {@link
 *     DeploymentEventKind#NEW_REVISION}, it is what a rollback restores
 * @param image the image of the revision's first container, if known
 * @param changeCause the {@code kubernetes.io/change-cause} annotation, if any
 * @param origin who reported it: {@code watch} or {@code webhook}
 * @param labels the workload's labels, which policies may select it by; empty when not known
 */
public record DeploymentEvent(
    WorkloadId workload,
    DeploymentEventKind kind,
    String revision,
    String previousRevision,
    String image,
    String changeCause,
    String origin,
    Instant observedAt,
    Map<String, String> labels) {

  public DeploymentEvent {
    Objects.requireNonNull(workload, "workload is missing");
    Objects.requireNonNull(kind, "kind is missing");
    Objects.requireNonNull(observedAt, "observedAt is missing");
    if (revision == null || revision.isBlank()) {
      throw new IllegalArgumentException("revision is missing");
    }
    if (kind == DeploymentEventKind.NEW_REVISION
        && (previousRevision == null || previousRevision.isBlank())) {
      throw new IllegalArgumentException("previousRevision is missing for a NEW_REVISION");
    }
    if (revision.equals(previousRevision)) {
      throw new IllegalArgumentException("previousRevision must differ from revision");
    }
    if (labels != null
        && labels.entrySet().stream().anyMatch(l -> l.getKey() == null || l.getValue() == null)) {
      throw new IllegalArgumentException("labels must not hold null names or values");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** An event of a workload whose labels are not known. */
  public DeploymentEvent(
      WorkloadId workload,
      DeploymentEventKind kind,
      String revision,
      String previousRevision,
      String image,
      String changeCause,
      String origin,
      Instant observedAt) {
    this(workload, kind, revision, previousRevision, image, changeCause, origin, observedAt, null);
  }
}

package io.governor.contracts;

/** What happened to a workload's rollout. */
public enum DeploymentEventKind {
  /** A new revision started rolling out. */
  NEW_REVISION,
  /** The revision is fully rolled out and available. */
  ROLLOUT_COMPLETE,
  /** Kubernetes reported ProgressDeadlineExceeded for the rollout. */
  PROGRESS_DEADLINE_EXCEEDED,
  /** Fewer replicas are available than desired. */
  REPLICAS_UNAVAILABLE
}

package io.governor.engine.policy;

/**
 * Fails a revision whose pods crash: containers restarting, as kube-state-metrics counts them.
 * Kubernetes' ProgressDeadlineExceeded fails a revision whether or not this rule is set.
 *
 * @param restartsMetric the restart counter, e.g. {@code kube_pod_container_status_restarts_total}
 *     (default)
 * @param maxRestarts restarts of the revision's containers during the analysis that mean a crash
 *     loop (default 3)
 * @param dryRun when true this rule's failures are recorded, not acted on
 */
public record HealthRule(String restartsMetric, Long maxRestarts, Boolean dryRun) {

  public static final String DEFAULT_RESTARTS_METRIC = "kube_pod_container_status_restarts_total";
  public static final long DEFAULT_MAX_RESTARTS = 3;

  public String effectiveRestartsMetric() {
    return restartsMetric == null ? DEFAULT_RESTARTS_METRIC : restartsMetric;
  }

  public long effectiveMaxRestarts() {
    return maxRestarts == null ? DEFAULT_MAX_RESTARTS : maxRestarts;
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }
}

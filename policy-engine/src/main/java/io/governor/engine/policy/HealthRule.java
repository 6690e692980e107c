package io.governor.engine.policy;

import java.time.Duration;

/**
 * Fails a revision whose pods crash: containers restarting, as kube-state-metrics counts them.
 * Kubernetes' ProgressDeadlineExceeded fails a revision whether or not this rule is set.
 *
 * @param restartsMetric the restart counter, e.g. {@code kube_pod_container_status_restarts_total}
 *     (default)
 * @param maxRestarts crashes of the revision's containers during the analysis that mean a crash
 *     loop (default 3): restarts, plus containers that crashed and wait in {@code CrashLoopBackOff}
 *     for the kubelet to restart them
 * @param backOffMetric gauge of containers waiting, by {@code reason}, e.g. {@code
 *     kube_pod_container_status_waiting_reason} (default); its {@code CrashLoopBackOff} series
 *     count
 * @param readyMetric gauge of the revision's ready replicas, e.g. {@code
 *     kube_replicaset_status_ready_replicas}; absent means readiness is not judged
 * @param desiredMetric gauge of the replicas it should have, e.g. {@code
 *     kube_replicaset_spec_replicas}
 * @param minReadyRatio ready over desired below this fails the revision (default 0.8)
 * @param notReadyFor after it stayed below for this long (default 5 minutes)
 * @param dryRun when true this rule's failures are recorded, not acted on
 */
public record HealthRule(
    String restartsMetric,
    Long maxRestarts,
    String backOffMetric,
    String readyMetric,
    String desiredMetric,
    Double minReadyRatio,
    Duration notReadyFor,
    Boolean dryRun) {

  /** A rule on restarts alone. */
  public HealthRule(String restartsMetric, Long maxRestarts, Boolean dryRun) {
    this(restartsMetric, maxRestarts, null, null, null, null, null, dryRun);
  }

  public double effectiveMinReadyRatio() {
    return minReadyRatio == null ? 0.8 : minReadyRatio;
  }

  public Duration effectiveNotReadyFor() {
    return notReadyFor == null ? Duration.ofMinutes(5) : notReadyFor;
  }

  public static final String DEFAULT_RESTARTS_METRIC = "kube_pod_container_status_restarts_total";
  public static final long DEFAULT_MAX_RESTARTS = 2;

  public static final String DEFAULT_BACK_OFF_METRIC = "kube_pod_container_status_waiting_reason";

  public String effectiveBackOffMetric() {
    return backOffMetric == null ? DEFAULT_BACK_OFF_METRIC : backOffMetric;
  }

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

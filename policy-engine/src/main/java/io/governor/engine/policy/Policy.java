package io.governor.engine.policy;

/**
 * What Governor watches for one set of workloads and how it reacts.
 *
 * @param name unique, a DNS-1123 label
 * @param target the workloads it applies to
 * @param mode {@code enforce} acts; {@code dry-run} only records what it would do
 * @param rollback the rules that judge a new revision; absent when the policy only scales
 * @param scaling how many replicas the workload runs; absent when the policy only judges revisions
 */
public record Policy(
    String name,
    PolicyTarget target,
    PolicyMode mode,
    RollbackPolicy rollback,
    ScalingPolicy scaling) {

  /** A policy that judges revisions only. */
  public Policy(String name, PolicyTarget target, PolicyMode mode, RollbackPolicy rollback) {
    this(name, target, mode, rollback, null);
  }

  /** The mode, {@code enforce} when not given. */
  public PolicyMode effectiveMode() {
    return mode == null ? PolicyMode.ENFORCE : mode;
  }
}

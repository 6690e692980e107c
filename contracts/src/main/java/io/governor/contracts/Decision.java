package io.governor.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the policy engine decided for one workload, with the evidence.
 *
 * @param id derived from the cause (see {@link DecisionIds}): judging the same evidence again
 *     yields the same id, so the actuator recognises a repeat
 * @param policyVersion the version of the policy that judged
 * @param dryRun when true the actuator records the decision and changes nothing
 * @param firstBadSampleAt when the first sample counting against the revision was taken; null where
 *     no sample does (no data, an inconclusive end, a manual rollback, a SCALE). The time to decide
 *     and to act are measured from it.
 */
public record Decision(
    String id,
    DecisionType type,
    WorkloadId workload,
    DecisionTarget target,
    String rule,
    String reason,
    List<Evidence> evidence,
    String policy,
    long policyVersion,
    boolean dryRun,
    Instant decidedAt,
    Instant firstBadSampleAt) {

  public Decision {
    Objects.requireNonNull(id, "id is missing");
    Objects.requireNonNull(type, "type is missing");
    Objects.requireNonNull(workload, "workload is missing");
    Objects.requireNonNull(target, "target is missing");
    Objects.requireNonNull(decidedAt, "decidedAt is missing");
    if (type == DecisionType.ROLLBACK
        && (target.fromRevision() == null || target.toRevision() == null)) {
      throw new IllegalArgumentException(
          "a rollback needs target.fromRevision and target.toRevision");
    }
    if (type == DecisionType.SCALE && (target.replicas() == null || target.replicas() < 0)) {
      throw new IllegalArgumentException("a scale needs target.replicas >= 0");
    }
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /** This decision, to be recorded and not applied; everything else as it is. */
  public Decision asDryRun() {
    return dryRun
        ? this
        : new Decision(
            id,
            type,
            workload,
            target,
            rule,
            reason,
            evidence,
            policy,
            policyVersion,
            true,
            decidedAt,
            firstBadSampleAt);
  }

  /** A decision with no first bad sample, e.g. a SCALE, as decisions were before it existed. */
  public Decision(
      String id,
      DecisionType type,
      WorkloadId workload,
      DecisionTarget target,
      String rule,
      String reason,
      List<Evidence> evidence,
      String policy,
      long policyVersion,
      boolean dryRun,
      Instant decidedAt) {
    this(
        id,
        type,
        workload,
        target,
        rule,
        reason,
        evidence,
        policy,
        policyVersion,
        dryRun,
        decidedAt,
        null);
  }
}

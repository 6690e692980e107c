package io.governor.actuator.safety;

import io.governor.contracts.ActionOutcome;

/** What the {@link SafetyGate} says about one decision before anything is planned. */
public sealed interface Verdict {

  /** Why a decision is dry-run, if it is. */
  enum DryRun {
    /** It is not: the plan is applied. */
    OFF,
    /** The decision (its policy) asks for a dry-run. */
    DECISION,
    /** {@code governor.actuator.dry-run} is on. */
    GLOBAL
  }

  /**
   * Nothing is planned; the outcome is reported as it is.
   *
   * @param outcome REFUSED for a limit, FAILED for an expired decision
   */
  record Stop(Limit limit, ActionOutcome outcome, String reason) implements Verdict {}

  /**
   * Plan, and apply unless dry-run.
   *
   * @param rollbackCounted the breaker counted this rollback; it is withdrawn unless applied
   * @param countedBefore an earlier attempt at this decision had counted it (in the breaker or the
   *     cooldown), and may have applied it: nothing is withdrawn on its account
   * @param cooldownTaken this attempt took the workload's cooldown; it is given back unless applied
   */
  record Go(DryRun dryRun, boolean rollbackCounted, boolean countedBefore, boolean cooldownTaken)
      implements Verdict {

    public Go(DryRun dryRun, boolean rollbackCounted) {
      this(dryRun, rollbackCounted, false, false);
    }

    public boolean isDryRun() {
      return dryRun != DryRun.OFF;
    }

    /**
     * Whether what an earlier attempt at this decision counted is still counted (it did not give it
     * back, so it got past the action: it may have applied it), or there was nothing to count.
     * False for a dry-run, and when this attempt took its places afresh (every earlier attempt gave
     * them back: none applied anything).
     */
    public boolean countedByAnEarlierAttempt() {
      return !isDryRun() && (countedBefore || (!rollbackCounted && !cooldownTaken));
    }
  }
}

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
   */
  record Go(DryRun dryRun, boolean rollbackCounted) implements Verdict {

    public boolean isDryRun() {
      return dryRun != DryRun.OFF;
    }
  }
}

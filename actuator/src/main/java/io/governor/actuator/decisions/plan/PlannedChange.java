package io.governor.actuator.decisions.plan;

import io.governor.contracts.ActionOutcome;

/**
 * What a planner decided to do about one decision, from the live objects alone: a patch to send, or
 * a reason to send none. The one shape the actuator's read-plan-patch loop needs of every plan.
 */
public interface PlannedChange<P extends PlannedChange<P>> {

  /** Why, for the action result, the Kubernetes Event and the log. */
  String reason();

  /** Whether there is a patch to send. */
  boolean hasPatch();

  /**
   * Whether the live state is already what the decision asks for, as opposed to nothing to do
   * because it moved on: a retry after a crash reads this as its own earlier change in place.
   */
  boolean atTarget();

  /** This plan, not carried out: nothing changed, so what is after is what was before. */
  P unapplied(ActionOutcome outcome, String reason);
}

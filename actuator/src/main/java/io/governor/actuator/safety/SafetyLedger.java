package io.governor.actuator.safety;

import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the safety limits remember, shared by every actuator instance: the last change applied per
 * workload (cooldown) and the rollbacks applied across the cluster (breaker).
 */
public interface SafetyLedger {

  /** A change applied to a workload. */
  record Applied(String decisionId, Instant at) {}

  /**
   * The breaker's answer.
   *
   * @param admitted whether the rollback may go ahead; it then counts until it is withdrawn
   * @param inWindow rollbacks counted in the window, this one included when admitted
   * @param oldest the oldest of them, from which the window frees a place
   * @param alreadyCounted admitted because an earlier attempt at this decision counted it; that
   *     attempt may have applied it (and died before it could say so), so the place is never
   *     withdrawn on its account
   */
  record Admission(boolean admitted, int inWindow, Instant oldest, boolean alreadyCounted) {

    public Admission(boolean admitted, int inWindow, Instant oldest) {
      this(admitted, inWindow, oldest, false);
    }
  }

  /**
   * What {@link #reserveCooldown} found.
   *
   * @param reserved whether the workload's cooldown is now this decision's: newly, or by an earlier
   *     attempt at it ({@code ownEarlier})
   * @param ownEarlier the reservation was there already, made by an earlier attempt at the decision
   * @param holder the change that holds the cooldown, when it is not this decision's
   */
  record Reservation(boolean reserved, boolean ownEarlier, Optional<Applied> holder) {}

  /** The last change of this type applied to the workload, while it is remembered. */
  Optional<Applied> lastApplied(WorkloadId workload, DecisionType type);

  /** Remembers an applied change for {@code keepFor} (the cooldown). */
  void stampApplied(WorkloadId workload, DecisionType type, Applied applied, Duration keepFor);

  /**
   * Takes the workload's cooldown for a decision about to act, in one atomic step ({@code SET NX
   * PX}), so two instances cannot both pass the check: the stamp is written before the change and
   * given back by {@link #releaseCooldown} unless the change is applied.
   */
  Reservation reserveCooldown(
      WorkloadId workload, DecisionType type, Applied applied, Duration keepFor);

  /** Gives back the cooldown, only while {@code decisionId} holds it. */
  void releaseCooldown(WorkloadId workload, DecisionType type, String decisionId);

  /**
   * Counts the rollback and admits it if fewer than {@code max} were counted since {@code now -
   * window}, in one atomic step, so two instances cannot both take the last place. A decision
   * already counted is admitted again.
   */
  Admission admitRollback(String decisionId, Instant now, Duration window, int max);

  /** Uncounts an admitted rollback that did not change anything. */
  void withdrawRollback(String decisionId);
}

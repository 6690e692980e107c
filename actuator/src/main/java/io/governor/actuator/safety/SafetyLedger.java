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
   */
  record Admission(boolean admitted, int inWindow, Instant oldest) {}

  /** The last change of this type applied to the workload, while it is remembered. */
  Optional<Applied> lastApplied(WorkloadId workload, DecisionType type);

  /** Remembers an applied change for {@code keepFor} (the cooldown). */
  void stampApplied(WorkloadId workload, DecisionType type, Applied applied, Duration keepFor);

  /**
   * Counts the rollback and admits it if fewer than {@code max} were counted since {@code now -
   * window}, in one atomic step, so two instances cannot both take the last place. A decision
   * already counted is admitted again.
   */
  Admission admitRollback(String decisionId, Instant now, Duration window, int max);

  /** Uncounts an admitted rollback that did not change anything. */
  void withdrawRollback(String decisionId);
}

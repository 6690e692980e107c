package io.governor.actuator.decisions;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.Decision;

/** Carries out a rollback decision against the live cluster. */
public interface Rollbacks {

  /**
   * @return what was done, or why nothing was
   * @throws ActuationUnavailableException when the API server could not be reached or answered with
   *     a failure that may pass
   */
  RollbackPlan rollback(Decision decision);
}

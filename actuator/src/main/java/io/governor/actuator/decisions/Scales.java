package io.governor.actuator.decisions;

import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.Decision;

/** Carries out a scale decision against the live cluster. */
public interface Scales {

  /**
   * @return what was done, or why nothing was
   * @throws ActuationUnavailableException when the API server could not be reached or answered with
   *     a failure that may pass
   */
  ScalePlan scale(Decision decision);
}

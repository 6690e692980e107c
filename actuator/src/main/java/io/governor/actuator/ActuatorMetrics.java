package io.governor.actuator;

/** Names of the metrics the actuator exports. */
public final class ActuatorMetrics {

  /** Decisions handled, by type and outcome. */
  public static final String ACTIONS = "governor.actuator.actions";

  /** Time from receiving a decision to its outcome. */
  public static final String ACTION_DURATION = "governor.actuator.action.duration";

  public static final String TAG_TYPE = "type";
  public static final String TAG_OUTCOME = "outcome";

  private ActuatorMetrics() {}
}

package io.governor.actuator;

/** Names of the metrics the actuator exports. */
public final class ActuatorMetrics {

  /** Decisions handled, by type and outcome. */
  public static final String ACTIONS = "governor.actuator.actions";

  /** Time from receiving a decision to its outcome. */
  public static final String ACTION_DURATION = "governor.actuator.action.duration";

  /** Kubernetes Events that could not be recorded (the action itself stood). */
  public static final String EVENTS_FAILED = "governor.actuator.events.failed";

  public static final String TAG_TYPE = "type";
  public static final String TAG_OUTCOME = "outcome";

  private ActuatorMetrics() {}
}

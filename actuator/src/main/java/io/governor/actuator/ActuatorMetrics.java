package io.governor.actuator;

/** Names of the metrics the actuator exports. */
public final class ActuatorMetrics {

  /** Decisions handled, by type and outcome. */
  public static final String ACTIONS = "governor.actuator.actions";

  /** Time from receiving a decision to its outcome, retries included. */
  public static final String ACTION_DURATION = "governor.actuator.action.duration";

  /** Kubernetes Events that could not be recorded (the action itself stood). */
  public static final String EVENTS_FAILED = "governor.actuator.events.failed";

  /**
   * Decisions a safety limit stopped, by {@link #TAG_LIMIT} (expired, paused, cooldown, breaker).
   */
  public static final String SAFETY_STOPS = "governor.actuator.safety.stops";

  /**
   * 1 while the fleet-wide breaker refuses rollbacks, as this instance last saw it; alert on the
   * maximum over instances.
   */
  public static final String BREAKER_OPEN = "governor.actuator.breaker.open";

  /** Webhook notifications that could not be delivered (the action itself stood). */
  public static final String NOTIFICATIONS_FAILED = "governor.actuator.notifications.failed";

  public static final String TAG_TYPE = "type";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_LIMIT = "limit";

  private ActuatorMetrics() {}
}

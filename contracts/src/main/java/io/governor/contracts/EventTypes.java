package io.governor.contracts;

/** CloudEvents {@code type} of every Governor event. */
public final class EventTypes {

  public static final String METRIC_BATCH = "io.governor.metrics.batch.v1";
  public static final String DEPLOYMENT = "io.governor.deployment.v1";
  public static final String SCHEDULE = "io.governor.schedule.v1";
  public static final String DECISION = "io.governor.decision.v1";
  public static final String ACTION_RESULT = "io.governor.action.result.v1";

  private EventTypes() {}
}

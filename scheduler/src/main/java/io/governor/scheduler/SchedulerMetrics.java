package io.governor.scheduler;

/** Names of the metrics the scheduler exports (Prometheus: dots become underscores). */
public final class SchedulerMetrics {

  /** Ticks published (one per partition each). */
  public static final String TICKS = "governor.scheduler.ticks";

  /** The sequence number of the last tick published. */
  public static final String LAST_TICK = "governor.scheduler.last.tick";

  /** 1 while this instance leads (publishes ticks and schedule events), else 0. */
  public static final String LEADER = "governor.scheduler.leader";

  /** Schedule events published and confirmed by Kafka, by {@link #KIND}. */
  public static final String SCHEDULE_EVENTS = "governor.scheduler.schedule.events";

  /** Tag of {@link #SCHEDULE_EVENTS}: {@code SCHEDULE_START} or {@code SCHEDULE_END}. */
  public static final String KIND = "kind";

  /** Checks whose events Kafka did not confirm in time; the check is planned again. */
  public static final String PUBLISH_FAILURES = "governor.scheduler.schedule.publish.failures";

  /** Until when the schedules are checked and published (epoch seconds); stalls when stuck. */
  public static final String CHECKED_UNTIL = "governor.scheduler.schedules.checked.until.seconds";

  /** Schedules in force, read from the policies. */
  public static final String SCHEDULES = "governor.scheduler.schedules";

  /** Schedules (or policies) skipped because they cannot be used; the log says why. */
  public static final String SCHEDULES_SKIPPED = "governor.scheduler.schedules.skipped";

  /** Failed reads of the policies from Redis; the schedules read before stay in force. */
  public static final String POLICY_READ_FAILURES = "governor.scheduler.policy.read.failures";

  private SchedulerMetrics() {}
}

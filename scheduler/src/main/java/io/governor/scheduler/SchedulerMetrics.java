package io.governor.scheduler;

/** Names of the metrics the scheduler exports. */
public final class SchedulerMetrics {

  /** Ticks published (one per partition each). */
  public static final String TICKS = "governor.scheduler.ticks";

  /** The sequence number of the last tick published. */
  public static final String LAST_TICK = "governor.scheduler.last.tick";

  private SchedulerMetrics() {}
}

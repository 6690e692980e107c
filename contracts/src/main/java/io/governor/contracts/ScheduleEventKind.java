package io.governor.contracts;

/** What the scheduler fired. */
public enum ScheduleEventKind {
  /** A periodic tick: lets consumers close windows when no other event arrives. */
  TICK,
  /** A schedule window started. */
  SCHEDULE_START,
  /** A schedule window ended. */
  SCHEDULE_END
}

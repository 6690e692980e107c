package io.governor.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A tick or a schedule boundary. A tick concerns no single workload: it is sent to every partition
 * of {@link Topics#SCHEDULES} with the key {@link #TICK_KEY}, so every engine instance sees it.
 *
 * @param workload the workload of a schedule boundary; {@code null} for a tick
 * @param policy the policy whose schedule fired; {@code schedule} the schedule's name in it
 * @param minReplicas the floor the window sets; {@code maxReplicas} its ceiling, or {@code null}
 * @param endsAt when a started window ends, so that a consumer closes it even if it misses the end
 * @param sequence a tick's number since the leader started; 0 for schedule boundaries
 */
public record ScheduleEvent(
    ScheduleEventKind kind,
    WorkloadId workload,
    String policy,
    String schedule,
    Integer minReplicas,
    Integer maxReplicas,
    Instant endsAt,
    long sequence,
    Instant firedAt) {

  /** The Kafka key of tick records. */
  public static final String TICK_KEY = "*";

  public ScheduleEvent {
    Objects.requireNonNull(kind, "kind is missing");
    Objects.requireNonNull(firedAt, "firedAt is missing");
    if (kind != ScheduleEventKind.TICK && workload == null) {
      throw new IllegalArgumentException("workload is missing for a " + kind);
    }
  }

  /** A periodic tick. */
  public static ScheduleEvent tick(long sequence, Instant firedAt) {
    return new ScheduleEvent(
        ScheduleEventKind.TICK, null, null, null, null, null, null, sequence, firedAt);
  }
}

package io.governor.scheduler.schedule;

import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The schedule events of a set of schedules: the edges in an interval, the level at an instant, and
 * what an edit of the schedules changes now.
 */
public final class SchedulePlanner {

  /** Time order; at one instant ends before starts, so what starts then is what stays. */
  public static final Comparator<ScheduleEvent> ORDER =
      Comparator.comparing(ScheduleEvent::firedAt)
          .thenComparing(e -> e.kind() == ScheduleEventKind.SCHEDULE_START)
          .thenComparing(e -> e.workload().key())
          .thenComparing(ScheduleEvent::policy)
          .thenComparing(ScheduleEvent::schedule);

  private final Map<WorkloadSchedule.Key, WorkloadSchedule> schedules;

  /**
   * @throws IllegalArgumentException when two schedules have the same key
   */
  public SchedulePlanner(Collection<WorkloadSchedule> schedules) {
    Map<WorkloadSchedule.Key, WorkloadSchedule> byKey = new LinkedHashMap<>();
    for (WorkloadSchedule schedule : schedules) {
      if (byKey.putIfAbsent(schedule.key(), schedule) != null) {
        throw new IllegalArgumentException("schedule " + schedule.key() + " appears twice");
      }
    }
    this.schedules = byKey;
  }

  public Collection<WorkloadSchedule> schedules() {
    return schedules.values();
  }

  /** Every start and end in {@code (from, to]}, in {@link #ORDER}. */
  public List<ScheduleEvent> between(Instant from, Instant to) {
    List<ScheduleEvent> events = new ArrayList<>();
    for (WorkloadSchedule schedule : schedules.values()) {
      for (ScheduleWindow.Boundary boundary : schedule.window().boundaries(from, to)) {
        events.add(
            boundary.type() == ScheduleWindow.Boundary.Type.START
                ? start(schedule, boundary.occurrence())
                : end(schedule, boundary.at()));
      }
    }
    events.sort(ORDER);
    return events;
  }

  /**
   * The level at {@code now}: a start for every window in force, as it was published when it
   * started (same time, same end), so a consumer that saw it already can tell it is a repeat.
   */
  public List<ScheduleEvent> level(Instant now) {
    List<ScheduleEvent> events = new ArrayList<>();
    for (WorkloadSchedule schedule : schedules.values()) {
      schedule.window().activeAt(now).ifPresent(o -> events.add(start(schedule, o)));
    }
    events.sort(ORDER);
    return events;
  }

  /**
   * The ends of the windows in force at {@code from} and no longer at {@code now}, for a consumer
   * that may have missed them: each at the instant it ended (or {@code now} when the clock went
   * back). Windows that began and ended in between concern no one and are left out.
   */
  public List<ScheduleEvent> endedSince(Instant from, Instant now) {
    List<ScheduleEvent> events = new ArrayList<>();
    for (WorkloadSchedule schedule : schedules.values()) {
      ScheduleWindow window = schedule.window();
      window
          .activeAt(from)
          .filter(o -> window.activeAt(now).isEmpty())
          .ifPresent(
              o -> events.add(end(schedule, now.isAfter(from) ? window.endOf(o, now) : now)));
    }
    events.sort(ORDER);
    return events;
  }

  /**
   * What changes at {@code now} when the schedules were {@code previous} and are now these: a start
   * for a new or edited window in force now, an end for a removed or edited window that was in
   * force and is not any more.
   */
  public List<ScheduleEvent> changesSince(SchedulePlanner previous, Instant now) {
    List<ScheduleEvent> events = new ArrayList<>();
    for (WorkloadSchedule current : schedules.values()) {
      WorkloadSchedule before = previous.schedules.get(current.key());
      if (!current.equals(before)) {
        current.window().activeAt(now).ifPresent(o -> events.add(start(current, o)));
      }
    }
    for (WorkloadSchedule before : previous.schedules.values()) {
      WorkloadSchedule current = schedules.get(before.key());
      if (!before.equals(current)
          && before.window().activeAt(now).isPresent()
          && (current == null || current.window().activeAt(now).isEmpty())) {
        events.add(end(before, now));
      }
    }
    events.sort(ORDER);
    return events;
  }

  /**
   * A name-based id for the CloudEvent of a schedule event: the same event published again (by a
   * new leader, after a gap) keeps its id, so a consumer may drop the repeat by id.
   */
  public static String idOf(ScheduleEvent event) {
    String name =
        String.join(
            "|",
            String.valueOf(event.kind()),
            String.valueOf(event.workload()),
            String.valueOf(event.policy()),
            String.valueOf(event.schedule()),
            String.valueOf(event.minReplicas()),
            String.valueOf(event.maxReplicas()),
            String.valueOf(event.endsAt()),
            String.valueOf(event.firedAt()));
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static ScheduleEvent start(
      WorkloadSchedule schedule, ScheduleWindow.Occurrence occurrence) {
    return new ScheduleEvent(
        ScheduleEventKind.SCHEDULE_START,
        schedule.workload(),
        schedule.policy(),
        schedule.schedule(),
        schedule.minReplicas(),
        schedule.maxReplicas(),
        occurrence.end(),
        0,
        occurrence.start());
  }

  private static ScheduleEvent end(WorkloadSchedule schedule, Instant at) {
    return new ScheduleEvent(
        ScheduleEventKind.SCHEDULE_END,
        schedule.workload(),
        schedule.policy(),
        schedule.schedule(),
        schedule.minReplicas(),
        schedule.maxReplicas(),
        null,
        0,
        at);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SchedulePlanner that && schedules.equals(that.schedules);
  }

  @Override
  public int hashCode() {
    return schedules.hashCode();
  }
}

package io.governor.scheduler.schedule;

import io.governor.contracts.schedule.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a schedule is in force: it starts whenever {@code start} fires (local time of {@code zone})
 * and ends at the first time {@code end} fires after that start, or {@code duration} after it
 * (elapsed time, so a two-hour window over a daylight-saving change still lasts two hours).
 *
 * <p>Occurrences may overlap or touch (a start before the previous occurrence ended): the window is
 * then in force without a break, and it ends only when no occurrence covers the time any more. Each
 * start still counts as a start, so a consumer learns the later end.
 *
 * @param end the cron expression that ends an occurrence; {@code null} when {@code duration} does
 * @param duration how long an occurrence lasts; {@code null} when {@code end} ends it
 */
public record ScheduleWindow(
    CronExpression start, CronExpression end, Duration duration, ZoneId zone) {

  public ScheduleWindow {
    Objects.requireNonNull(start, "start is missing");
    Objects.requireNonNull(zone, "zone is missing");
    if ((end == null) == (duration == null)) {
      throw new IllegalArgumentException("a window needs either an end or a duration, not both");
    }
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("duration " + duration + " must be positive");
    }
  }

  /** A window from each {@code start} to the next {@code end}. */
  public static ScheduleWindow between(CronExpression start, CronExpression end, ZoneId zone) {
    return new ScheduleWindow(start, end, null, zone);
  }

  /** A window from each {@code start}, for {@code duration}. */
  public static ScheduleWindow lasting(CronExpression start, Duration duration, ZoneId zone) {
    return new ScheduleWindow(start, null, duration, zone);
  }

  /** One occurrence of the window: in force from {@code start} (inclusive) to {@code end}. */
  public record Occurrence(Instant start, Instant end) {

    public boolean covers(Instant instant) {
      return !instant.isBefore(start) && instant.isBefore(end);
    }
  }

  /** A start or an end of the window. */
  public record Boundary(Type type, Instant at, Occurrence occurrence) {

    /** Ends sort before starts at the same instant, so what starts then is what stays. */
    public enum Type {
      END,
      START
    }

    static final Comparator<Boundary> ORDER =
        Comparator.comparing(Boundary::at).thenComparing(Boundary::type);
  }

  /** The occurrence that starts at {@code startedAt}, a time {@code start} fires. */
  public Occurrence occurrenceFrom(Instant startedAt) {
    Instant endsAt =
        end != null
            ? end.next(ZonedDateTime.ofInstant(startedAt, zone)).toInstant()
            : startedAt.plus(duration);
    return new Occurrence(startedAt, endsAt);
  }

  /**
   * The occurrence in force at {@code now}: the latest one started at or before it, when it has not
   * ended. Since the end follows the start monotonically, that one also ends last.
   */
  public Optional<Occurrence> activeAt(Instant now) {
    Occurrence latest = latestStartedBy(now);
    return latest.end().isAfter(now) ? Optional.of(latest) : Optional.empty();
  }

  /**
   * When the window in force at {@code occurrence}'s start ends for good: at the occurrence's end,
   * or later when occurrences that started before it carried it on.
   *
   * @return that instant, or {@code by} when the window is still in force then
   */
  public Instant endOf(Occurrence occurrence, Instant by) {
    Instant endsAt = occurrence.end();
    while (endsAt.isBefore(by)) {
      Occurrence latest = latestStartedBy(endsAt);
      if (!latest.end().isAfter(endsAt)) {
        return endsAt;
      }
      endsAt = latest.end();
    }
    return by;
  }

  /** Starts and ends in {@code (from, to]}, in time order; an end before a start at one instant. */
  public List<Boundary> boundaries(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    Occurrence before = latestStartedBy(from);
    List<Occurrence> started = new ArrayList<>();
    ZonedDateTime cursor = ZonedDateTime.ofInstant(from, zone);
    while (true) {
      ZonedDateTime next = start.next(cursor);
      if (next.toInstant().isAfter(to)) {
        break;
      }
      started.add(occurrenceFrom(next.toInstant()));
      cursor = next;
    }
    List<Boundary> boundaries = new ArrayList<>();
    started.forEach(o -> boundaries.add(new Boundary(Boundary.Type.START, o.start(), o)));
    // An end is real when the latest start before it is the occurrence that ends there; an
    // earlier occurrence ending under a later one is no end. Only the occurrence in force at
    // `from` and those starting after it can end in (from, to].
    TreeSet<Instant> ends = new TreeSet<>();
    if (before.end().isAfter(from) && !before.end().isAfter(to)) {
      ends.add(before.end());
    }
    started.stream().map(Occurrence::end).filter(e -> !e.isAfter(to)).forEach(ends::add);
    for (Instant endAt : ends) {
      Occurrence latest = before;
      for (Occurrence o : started) {
        if (!o.start().isAfter(endAt)) {
          latest = o;
        }
      }
      if (!latest.end().isAfter(endAt)) {
        boundaries.add(new Boundary(Boundary.Type.END, endAt, latest));
      }
    }
    boundaries.sort(Boundary.ORDER);
    return boundaries;
  }

  private Occurrence latestStartedBy(Instant instant) {
    // previous() is strictly before; a start exactly at the instant counts as started by it.
    ZonedDateTime started = start.previous(ZonedDateTime.ofInstant(instant.plusNanos(1), zone));
    return occurrenceFrom(started.toInstant());
  }

  @Override
  public String toString() {
    return "'"
        + start
        + "' "
        + (end != null ? "until '" + end + "'" : "for " + duration)
        + " ("
        + zone.getId()
        + ")";
  }
}

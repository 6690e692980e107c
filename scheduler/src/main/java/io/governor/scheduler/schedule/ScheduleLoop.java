package io.governor.scheduler.schedule;

import io.governor.contracts.ScheduleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the leader publishes at each check, and how far it has published.
 *
 * <p>Each check covers {@code (checkedUntil, now]}; {@code checkedUntil} moves only when Kafka has
 * confirmed the batch, so a failed publish is planned again, never lost. A consumer may miss edges
 * (a new leader does not know what the old one published; a long pause skips boundaries), so then
 * the level is published instead: a start for every window in force, and the end of every window
 * that was in force at the last check and ended during the pause. Consumers treat a repeated start
 * as the same window.
 */
public final class ScheduleLoop {

  /** Why a batch holds what it holds. */
  public enum Reason {
    /** First check of this leadership: the level. */
    LEADER,
    /** The clock moved more than the allowed gap since the last check: missed ends and level. */
    GAP,
    /** The boundaries since the last check. */
    EDGES,
    /** The boundaries since the last check, and the level again, as it is due every so often. */
    REFRESH
  }

  /**
   * The events of one check, to publish in order and then {@linkplain #confirm confirm}.
   *
   * @param checkedUntil how far the schedules are checked once the batch is confirmed
   * @param term the leadership term the batch was planned in
   */
  public record Batch(
      List<ScheduleEvent> events,
      Instant checkedUntil,
      long term,
      Reason reason,
      SchedulePlanner planner) {

    public Batch {
      events = List.copyOf(events);
    }
  }

  private final Duration maxGap;
  private final Duration levelEvery;
  private Instant levelAt; // when the level was last confirmed published
  private SchedulePlanner planner; // null until the schedules were read once
  private SchedulePlanner published; // the schedules of the last confirmed batch
  private Instant checkedUntil; // null: nothing confirmed in this leadership yet
  private long checkedTerm = Long.MIN_VALUE;

  /**
   * @param maxGap a longer pause between two checks (or a clock stepped back further) publishes the
   *     level
   * @param levelEvery how often the level is published again anyway, for consumers that lost it
   */
  public ScheduleLoop(Duration maxGap, Duration levelEvery) {
    this.maxGap = Objects.requireNonNull(maxGap);
    this.levelEvery = Objects.requireNonNull(levelEvery);
  }

  /**
   * Replaces the schedules, e.g. after reading the policies again.
   *
   * @return whether they differ from the previous ones
   */
  public synchronized boolean replaceSchedules(Collection<WorkloadSchedule> schedules) {
    SchedulePlanner next = new SchedulePlanner(schedules);
    if (next.equals(planner)) {
      return false;
    }
    planner = next;
    return true;
  }

  /**
   * What to publish at {@code now}; empty until the schedules were read once (the level is then
   * published as soon as they are).
   *
   * @param term the current leadership term: a new term publishes the level
   */
  public synchronized Optional<Batch> due(Instant now, long term) {
    if (planner == null) {
      return Optional.empty();
    }
    Set<ScheduleEvent> events = new LinkedHashSet<>();
    Reason reason;
    Instant until;
    if (checkedUntil == null || term != checkedTerm) {
      reason = Reason.LEADER;
      until = now;
      events.addAll(planner.level(now));
    } else if (Duration.between(checkedUntil, now).abs().compareTo(maxGap) > 0) {
      reason = Reason.GAP;
      until = now;
      events.addAll(planner.endedSince(checkedUntil, now));
      events.addAll(planner.level(now));
    } else {
      // A clock a little behind the last check waits; nothing in (checkedUntil, now] then.
      until = now.isAfter(checkedUntil) ? now : checkedUntil;
      events.addAll(planner.between(checkedUntil, until));
      boolean refresh = levelAt == null || !until.isBefore(levelAt.plus(levelEvery));
      reason = refresh ? Reason.REFRESH : Reason.EDGES;
      if (refresh) {
        events.addAll(planner.level(until));
      }
    }
    if (published != null && !planner.equals(published)) {
      events.addAll(planner.changesSince(published, now));
    }
    List<ScheduleEvent> ordered = new ArrayList<>(events);
    ordered.sort(SchedulePlanner.ORDER);
    return Optional.of(new Batch(ordered, until, term, reason, planner));
  }

  /** Kafka confirmed every event of the batch: the next check starts where it ended. */
  public synchronized void confirm(Batch batch) {
    checkedUntil = batch.checkedUntil();
    checkedTerm = batch.term();
    published = batch.planner();
    if (batch.reason() != Reason.EDGES) {
      levelAt = batch.checkedUntil();
    }
  }

  /** How far the schedules are checked and published, if anything was confirmed yet. */
  public synchronized Optional<Instant> checkedUntil() {
    return Optional.ofNullable(checkedUntil);
  }

  /** The schedules in force, empty until they were read once. */
  public synchronized Optional<SchedulePlanner> planner() {
    return Optional.ofNullable(planner);
  }
}

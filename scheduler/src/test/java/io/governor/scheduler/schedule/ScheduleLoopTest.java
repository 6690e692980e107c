package io.governor.scheduler.schedule;

import static io.governor.scheduler.schedule.Schedules.ORDERS;
import static io.governor.scheduler.schedule.Schedules.PAYMENTS;
import static io.governor.scheduler.schedule.Schedules.businessHours;
import static io.governor.scheduler.schedule.Schedules.evening;
import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.ScheduleEvent;
import io.governor.scheduler.schedule.ScheduleLoop.Batch;
import io.governor.scheduler.schedule.ScheduleLoop.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleLoopTest {

  // Monday 2026-11-30, CET: business hours are 07:00Z-17:00Z.
  private static final Instant BEFORE_START = Instant.parse("2026-11-30T06:59:59Z");
  private static final Instant AFTER_START = Instant.parse("2026-11-30T07:00:01Z");
  private static final long TERM = 1;

  private final ScheduleLoop loop = new ScheduleLoop(Duration.ofSeconds(5), Duration.ofHours(1));

  @Test
  void nothingIsDueBeforeTheSchedulesWereRead() {
    // Given a loop whose schedules were never read
    // When a check is due
    // Then there is nothing to publish and nothing to confirm
    assertThat(loop.due(AFTER_START, TERM)).isEmpty();
  }

  @Test
  void theFirstCheckOfALeadershipPublishesTheLevel() {
    // Given business hours in force at 10:00 CET
    loop.replaceSchedules(List.of(businessHours(PAYMENTS), evening(PAYMENTS)));

    // When the first check of the leadership runs
    Batch batch = loop.due(Instant.parse("2026-11-30T09:00:00Z"), TERM).orElseThrow();

    // Then it publishes business hours' start, as it was when it started
    assertThat(batch.reason()).isEqualTo(Reason.LEADER);
    assertThat(describe(batch))
        .containsExactly("SCHEDULE_START business-hours 2026-11-30T07:00:00Z");
    assertThat(batch.events().get(0).endsAt()).isEqualTo("2026-11-30T17:00:00Z");
  }

  @Test
  void aCheckPublishesTheBoundariesSinceTheLastConfirmedOne() {
    // Given a confirmed check just before business hours
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(BEFORE_START, TERM).orElseThrow());

    // When the next check runs two seconds later
    Batch batch = loop.due(AFTER_START, TERM).orElseThrow();

    // Then it holds the start, and once confirmed the check after it holds nothing
    assertThat(batch.reason()).isEqualTo(Reason.EDGES);
    assertThat(describe(batch))
        .containsExactly("SCHEDULE_START business-hours 2026-11-30T07:00:00Z");
    loop.confirm(batch);
    assertThat(loop.checkedUntil()).contains(AFTER_START);
    assertThat(loop.due(AFTER_START.plusSeconds(1), TERM).orElseThrow().events()).isEmpty();
  }

  @Test
  void theLevelIsPublishedAgainEverySoOften() {
    // Given a loop that republishes the level every hour, with business hours in force
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(Instant.parse("2026-11-30T09:00:00Z"), TERM).orElseThrow());
    loop.confirm(loop.due(Instant.parse("2026-11-30T09:00:04Z"), TERM).orElseThrow());

    // When checks go on, four seconds apart, until an hour has passed
    Instant now = Instant.parse("2026-11-30T09:00:04Z");
    Batch batch;
    do {
      now = now.plusSeconds(4);
      batch = loop.due(now, TERM).orElseThrow();
      loop.confirm(batch);
    } while (batch.events().isEmpty());

    // Then the check an hour after the first publishes business hours' start again
    assertThat(now).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(batch.reason()).isEqualTo(Reason.REFRESH);
    assertThat(describe(batch))
        .containsExactly("SCHEDULE_START business-hours 2026-11-30T07:00:00Z");
  }

  @Test
  void anUnconfirmedCheckIsPlannedAgain() {
    // Given a confirmed check before business hours, and a check across the start that Kafka
    // did not confirm
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(BEFORE_START, TERM).orElseThrow());
    loop.due(AFTER_START, TERM).orElseThrow();

    // When the next check runs
    Batch retry = loop.due(AFTER_START.plusSeconds(1), TERM).orElseThrow();

    // Then the start is in it again: nothing is lost
    assertThat(loop.checkedUntil()).contains(BEFORE_START);
    assertThat(describe(retry))
        .containsExactly("SCHEDULE_START business-hours 2026-11-30T07:00:00Z");
  }

  @Test
  void aLongPauseMayHaveSkippedBoundariesSoTheLevelAndTheMissedEndsArePublished() {
    // Given business hours and the evening, with a check confirmed on Monday at 15:00 CET
    loop.replaceSchedules(List.of(businessHours(PAYMENTS), evening(ORDERS)));
    loop.confirm(loop.due(Instant.parse("2026-11-30T14:00:00Z"), TERM).orElseThrow());

    // When the next check runs on Wednesday at 19:00 CET, two days later
    Batch batch = loop.due(Instant.parse("2026-12-02T18:00:00Z"), TERM).orElseThrow();

    // Then Monday's business hours end (18:00 CET) and Wednesday's evening starts; the windows
    // that came and went in between concern no one
    assertThat(batch.reason()).isEqualTo(Reason.GAP);
    assertThat(describe(batch))
        .containsExactly(
            "SCHEDULE_END business-hours 2026-11-30T17:00:00Z",
            "SCHEDULE_START evening 2026-12-02T17:00:00Z");
  }

  @Test
  void aNewLeadershipPublishesTheLevelAgain() {
    // Given a confirmed check during business hours
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(Instant.parse("2026-11-30T09:00:00Z"), TERM).orElseThrow());

    // When this instance leads again (a new term) a second later
    Batch batch = loop.due(Instant.parse("2026-11-30T09:00:01Z"), TERM + 1).orElseThrow();

    // Then the level is published again
    assertThat(batch.reason()).isEqualTo(Reason.LEADER);
    assertThat(describe(batch))
        .containsExactly("SCHEDULE_START business-hours 2026-11-30T07:00:00Z");
  }

  @Test
  void aClockSlightlyBehindWaits() {
    // Given a confirmed check after the start
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(AFTER_START, TERM).orElseThrow());

    // When the clock reads two seconds earlier (stepped back)
    Batch batch = loop.due(AFTER_START.minusSeconds(2), TERM).orElseThrow();

    // Then nothing is published and the checks stay where they were
    assertThat(batch.events()).isEmpty();
    loop.confirm(batch);
    assertThat(loop.checkedUntil()).contains(AFTER_START);
  }

  @Test
  void anEditIsPublishedAtTheNextCheck() {
    // Given a confirmed check during payments' business hours
    Instant now = Instant.parse("2026-11-30T09:00:00Z");
    loop.replaceSchedules(List.of(businessHours(PAYMENTS)));
    loop.confirm(loop.due(now, TERM).orElseThrow());

    // When the schedules are read again: payments' removed, orders' business hours added
    boolean changed = loop.replaceSchedules(List.of(businessHours(ORDERS)));
    Batch batch = loop.due(now, TERM).orElseThrow();

    // Then the next check ends payments' window and starts orders', even if the clock stood still
    assertThat(changed).isTrue();
    assertThat(batch.events())
        .extracting(e -> e.kind() + " " + e.workload())
        .containsExactly(
            "SCHEDULE_START shop/Deployment/orders", "SCHEDULE_END shop/Deployment/payments");
    loop.confirm(batch);
    assertThat(loop.replaceSchedules(List.of(businessHours(ORDERS)))).isFalse();
    assertThat(loop.due(now.plusSeconds(1), TERM).orElseThrow().events()).isEmpty();
  }

  private static List<String> describe(Batch batch) {
    return batch.events().stream().map(ScheduleLoopTest::describe).toList();
  }

  private static String describe(ScheduleEvent event) {
    return event.kind() + " " + event.schedule() + " " + event.firedAt();
  }
}

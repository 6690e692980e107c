package io.governor.scheduler.schedule;

import static io.governor.scheduler.schedule.Schedules.ORDERS;
import static io.governor.scheduler.schedule.Schedules.PAYMENTS;
import static io.governor.scheduler.schedule.Schedules.businessHours;
import static io.governor.scheduler.schedule.Schedules.evening;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulePlannerTest {

  @Test
  void eventsOfAllSchedulesInTimeOrderWithEndsBeforeStartsAtOneInstant() {
    // Given payments' business hours and evening, and orders' evening (Europe/Berlin, CET)
    SchedulePlanner planner =
        new SchedulePlanner(List.of(evening(ORDERS), businessHours(PAYMENTS), evening(PAYMENTS)));

    // When the events of Monday 2026-11-30 are planned
    List<ScheduleEvent> events =
        planner.between(
            Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));

    // Then business hours start at 07:00Z and end at 17:00Z, just before both evenings start
    assertThat(events)
        .extracting(e -> e.kind() + " " + e.workload() + " " + e.schedule() + " " + e.firedAt())
        .containsExactly(
            "SCHEDULE_START shop/Deployment/payments business-hours 2026-11-30T07:00:00Z",
            "SCHEDULE_END shop/Deployment/payments business-hours 2026-11-30T17:00:00Z",
            "SCHEDULE_START shop/Deployment/orders evening 2026-11-30T17:00:00Z",
            "SCHEDULE_START shop/Deployment/payments evening 2026-11-30T17:00:00Z",
            "SCHEDULE_END shop/Deployment/orders evening 2026-11-30T21:00:00Z",
            "SCHEDULE_END shop/Deployment/payments evening 2026-11-30T21:00:00Z");
    // And a start carries the replicas and its end; an end says which window ended
    ScheduleEvent start = events.get(0);
    assertThat(start.policy()).isEqualTo("shop-payments");
    assertThat(start.minReplicas()).isEqualTo(10);
    assertThat(start.maxReplicas()).isEqualTo(30);
    assertThat(start.endsAt()).isEqualTo("2026-11-30T17:00:00Z");
    assertThat(start.sequence()).isZero();
    assertThat(events.get(1).endsAt()).isNull();
  }

  @Test
  void theLevelIsTheStartOfEveryWindowInForceAsItWasPublished() {
    // Given payments' business hours and evening, and the events of Monday morning
    SchedulePlanner planner =
        new SchedulePlanner(List.of(businessHours(PAYMENTS), evening(PAYMENTS)));
    ScheduleEvent published =
        planner
            .between(Instant.parse("2026-11-30T06:00:00Z"), Instant.parse("2026-11-30T08:00:00Z"))
            .get(0);

    // When the level is asked at 10:00 CET
    List<ScheduleEvent> level = planner.level(Instant.parse("2026-11-30T09:00:00Z"));

    // Then it is business hours' start, the same event as the one published at 08:00
    assertThat(level).containsExactly(published);
    assertThat(SchedulePlanner.idOf(level.get(0))).isEqualTo(SchedulePlanner.idOf(published));
  }

  @Test
  void anEditStartsWhatIsNowInForceAndEndsWhatNoLongerIs() {
    // Given payments' business hours (10 replicas) and orders' business hours, at 10:00 CET
    WorkloadSchedule edited =
        new WorkloadSchedule(
            PAYMENTS, "shop-payments", "business-hours", 12, 30, businessHours(PAYMENTS).window());
    SchedulePlanner before =
        new SchedulePlanner(List.of(businessHours(PAYMENTS), businessHours(ORDERS)));
    Instant now = Instant.parse("2026-11-30T09:00:00Z");

    // When payments goes to 12 replicas, orders' schedule is removed and orders' evening added
    SchedulePlanner after = new SchedulePlanner(List.of(edited, evening(ORDERS)));
    List<ScheduleEvent> changes = after.changesSince(before, now);

    // Then payments' window starts again with 12; orders' ends now; the evening is not in force
    assertThat(changes)
        .extracting(e -> e.kind() + " " + e.workload() + " " + e.minReplicas() + " " + e.firedAt())
        .containsExactlyInAnyOrder(
            "SCHEDULE_START shop/Deployment/payments 12 2026-11-30T07:00:00Z",
            "SCHEDULE_END shop/Deployment/orders 10 2026-11-30T09:00:00Z");
    // And nothing changes when nothing was edited
    assertThat(after.changesSince(after, now)).isEmpty();
  }

  @Test
  void theIdOfAnEventFollowsItsContent() {
    // Given a start, the same start again, and a start with other replicas
    SchedulePlanner planner = new SchedulePlanner(List.of(businessHours(PAYMENTS)));
    ScheduleEvent start = planner.level(Instant.parse("2026-11-30T09:00:00Z")).get(0);
    ScheduleEvent again = planner.level(Instant.parse("2026-11-30T10:00:00Z")).get(0);
    ScheduleEvent other =
        new ScheduleEvent(
            ScheduleEventKind.SCHEDULE_START,
            start.workload(),
            start.policy(),
            start.schedule(),
            11,
            start.maxReplicas(),
            start.endsAt(),
            0,
            start.firedAt());

    // When their ids are derived
    // Then the repeat keeps the id and the other start has its own
    assertThat(SchedulePlanner.idOf(again)).isEqualTo(SchedulePlanner.idOf(start));
    assertThat(SchedulePlanner.idOf(other)).isNotEqualTo(SchedulePlanner.idOf(start));
  }

  @Test
  void aScheduleMayAppearOnlyOnce() {
    // Given the same schedule twice
    // When a planner is made of them
    // Then it is refused
    assertThatThrownBy(
            () -> new SchedulePlanner(List.of(businessHours(PAYMENTS), businessHours(PAYMENTS))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
  }
}

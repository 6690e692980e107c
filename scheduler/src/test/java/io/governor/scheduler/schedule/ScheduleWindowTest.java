package io.governor.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.contracts.schedule.CronExpression;
import io.governor.scheduler.schedule.ScheduleWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleWindowTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static final ScheduleWindow BUSINESS_HOURS =
      ScheduleWindow.between(
          CronExpression.parse("0 8 * * MON-FRI"),
          CronExpression.parse("0 18 * * MON-FRI"),
          BERLIN);

  @Test
  void activeNowSaysSinceWhenAndUntilWhen() {
    // Given business hours in Europe/Berlin (CET in winter, UTC+1)
    // When asked on Monday 2026-11-30 at 10:00 CET, at 18:30 CET and on Saturday
    // Then the first is in the window 08:00-18:00 CET (07:00Z-17:00Z), the others are not
    assertThat(BUSINESS_HOURS.activeAt(Instant.parse("2026-11-30T09:00:00Z")))
        .contains(occurrence("2026-11-30T07:00:00Z", "2026-11-30T17:00:00Z"));
    assertThat(BUSINESS_HOURS.activeAt(Instant.parse("2026-11-30T17:30:00Z"))).isEmpty();
    assertThat(BUSINESS_HOURS.activeAt(Instant.parse("2026-12-05T10:00:00Z"))).isEmpty();
  }

  @Test
  void aWindowIsInForceFromItsStartUpToButNotAtItsEnd() {
    // Given business hours
    // When asked exactly at the start and exactly at the end
    // Then the start is in the window and the end is not
    assertThat(BUSINESS_HOURS.activeAt(Instant.parse("2026-11-30T07:00:00Z"))).isPresent();
    assertThat(BUSINESS_HOURS.activeAt(Instant.parse("2026-11-30T17:00:00Z"))).isEmpty();
  }

  @Test
  void boundariesAreTakenFromAHalfOpenInterval() {
    // Given 08:00 UTC for one hour
    ScheduleWindow window = ScheduleWindow.lasting(cron("0 8 * * *"), hours(1), ZoneOffset.UTC);

    // When the boundaries of (07:00, 08:00] and of (08:00, 09:00] are asked
    // Then a start at the interval's end belongs to the first, and the end to the second only
    assertThat(boundaries(window, "2026-11-30T07:00:00Z", "2026-11-30T08:00:00Z"))
        .containsExactly("START 2026-11-30T08:00:00Z");
    assertThat(boundaries(window, "2026-11-30T08:00:00Z", "2026-11-30T09:00:00Z"))
        .containsExactly("END 2026-11-30T09:00:00Z");
  }

  @Test
  void anEndCronEarlierInTheDayEndsTheWindowTheNextDay() {
    // Given a night window from 22:00 to 06:00 UTC
    ScheduleWindow night =
        ScheduleWindow.between(cron("0 22 * * *"), cron("0 6 * * *"), ZoneOffset.UTC);

    // When asked at 03:00 and for the boundaries of one day
    // Then it started the evening before and ends at 06:00
    assertThat(night.activeAt(instant("2026-11-30T03:00:00Z")))
        .contains(occurrence("2026-11-29T22:00:00Z", "2026-11-30T06:00:00Z"));
    assertThat(boundaries(night, "2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z"))
        .containsExactly("END 2026-11-30T06:00:00Z", "START 2026-11-30T22:00:00Z");
  }

  @Test
  void aWindowEndsAtTheFirstEndAfterItsStartAndLaterStartsExtendNothing() {
    // Given a start every morning at 08:00 and an end only on Friday at 18:00 (UTC)
    ScheduleWindow window =
        ScheduleWindow.between(cron("0 8 * * *"), cron("0 18 * * FRI"), ZoneOffset.UTC);

    // When the boundaries of Monday 2026-11-30 to Friday night are asked
    // Then each morning starts (the window is in force all week) and it ends once, on Friday
    assertThat(boundaries(window, "2026-11-30T00:00:00Z", "2026-12-04T23:00:00Z"))
        .containsExactly(
            "START 2026-11-30T08:00:00Z",
            "START 2026-12-01T08:00:00Z",
            "START 2026-12-02T08:00:00Z",
            "START 2026-12-03T08:00:00Z",
            "START 2026-12-04T08:00:00Z",
            "END 2026-12-04T18:00:00Z");
    assertThat(window.activeAt(instant("2026-12-02T03:00:00Z")))
        .contains(occurrence("2026-12-01T08:00:00Z", "2026-12-04T18:00:00Z"));
  }

  @Test
  void overlappingOccurrencesEndOnlyWhenNoneIsLeft() {
    // Given a start at 01:00, 02:00 and 03:00 UTC, each for 90 minutes
    ScheduleWindow window =
        ScheduleWindow.lasting(cron("0 1-3 * * *"), minutes(90), ZoneOffset.UTC);

    // When the boundaries of the night are asked
    // Then it starts three times and ends once, 90 minutes after the last start
    assertThat(boundaries(window, "2026-11-30T00:00:00Z", "2026-11-30T06:00:00Z"))
        .containsExactly(
            "START 2026-11-30T01:00:00Z",
            "START 2026-11-30T02:00:00Z",
            "START 2026-11-30T03:00:00Z",
            "END 2026-11-30T04:30:00Z");
  }

  @Test
  void theEndOfAnOccurrenceCarriedOnByLaterStartsIsTheEndOfTheLast() {
    // Given a start at 01:00, 02:00 and 03:00 UTC, each for 90 minutes
    ScheduleWindow window =
        ScheduleWindow.lasting(cron("0 1-3 * * *"), minutes(90), ZoneOffset.UTC);
    Occurrence first = window.activeAt(instant("2026-11-30T01:10:00Z")).orElseThrow();

    // When the end of the window in force at 01:10 is asked
    // Then it is not the first occurrence's end (02:30) but the last one's, unless asked earlier
    assertThat(first.end()).isEqualTo("2026-11-30T02:30:00Z");
    assertThat(window.endOf(first, instant("2026-11-30T06:00:00Z")))
        .isEqualTo("2026-11-30T04:30:00Z");
    assertThat(window.endOf(first, instant("2026-11-30T03:00:00Z")))
        .isEqualTo("2026-11-30T03:00:00Z");
  }

  @Test
  void anOccurrenceEndingWhenTheNextStartsDoesNotEnd() {
    // Given a start every hour, for one hour: always in force
    ScheduleWindow window = ScheduleWindow.lasting(cron("0 * * * *"), hours(1), ZoneOffset.UTC);

    // When the boundaries of three hours are asked, including an end and a start at 02:00
    // Then only starts: the window never ends
    assertThat(boundaries(window, "2026-11-30T00:30:00Z", "2026-11-30T03:00:00Z"))
        .containsExactly(
            "START 2026-11-30T01:00:00Z",
            "START 2026-11-30T02:00:00Z",
            "START 2026-11-30T03:00:00Z");
    assertThat(window.activeAt(instant("2026-11-30T02:00:00Z")))
        .contains(occurrence("2026-11-30T02:00:00Z", "2026-11-30T03:00:00Z"));
  }

  @Test
  void anEndFromBeforeTheIntervalIsFound() {
    // Given a window that started days before the interval asked
    // When the boundaries of Friday afternoon are asked
    // Then its end is there
    assertThat(boundaries(BUSINESS_HOURS, "2026-12-04T16:00:00Z", "2026-12-04T18:00:00Z"))
        .containsExactly("END 2026-12-04T17:00:00Z");
  }

  @Test
  void berlinBusinessHoursFollowLocalTimeAcrossSpringForward() {
    // Given business hours in Europe/Berlin; CET becomes CEST on Sunday 2026-03-29
    // When the boundaries from Friday to Monday evening are asked
    // Then Friday is 08:00-18:00 CET (07:00Z-17:00Z) and Monday 08:00-18:00 CEST (06:00Z-16:00Z)
    assertThat(boundaries(BUSINESS_HOURS, "2026-03-27T00:00:00Z", "2026-03-30T23:00:00Z"))
        .containsExactly(
            "START 2026-03-27T07:00:00Z",
            "END 2026-03-27T17:00:00Z",
            "START 2026-03-30T06:00:00Z",
            "END 2026-03-30T16:00:00Z");
  }

  @Test
  void berlinBusinessHoursFollowLocalTimeAcrossFallBack() {
    // Given business hours in Europe/Berlin; CEST becomes CET on Sunday 2026-10-25
    // When the boundaries from Friday to Monday evening are asked
    // Then Friday is 06:00Z-16:00Z (CEST) and Monday 07:00Z-17:00Z (CET)
    assertThat(boundaries(BUSINESS_HOURS, "2026-10-23T00:00:00Z", "2026-10-26T23:00:00Z"))
        .containsExactly(
            "START 2026-10-23T06:00:00Z",
            "END 2026-10-23T16:00:00Z",
            "START 2026-10-26T07:00:00Z",
            "END 2026-10-26T17:00:00Z");
  }

  @Test
  void berlinEndInTheSkippedHourEndsWhenTheClockJumps() {
    // Given 01:00 to 02:30 every night in Europe/Berlin; 02:30 does not exist on 2026-03-29
    ScheduleWindow window = ScheduleWindow.between(cron("0 1 * * *"), cron("30 2 * * *"), BERLIN);

    // When the boundaries of that night are asked
    // Then it starts at 01:00 CET (00:00Z) and ends at the jump, 03:00 CEST (01:00Z)
    assertThat(boundaries(window, "2026-03-28T23:00:00Z", "2026-03-29T04:00:00Z"))
        .containsExactly("START 2026-03-29T00:00:00Z", "END 2026-03-29T01:00:00Z");
  }

  @Test
  void berlinStartInTheRepeatedHourStartsOnceAndItsEndCronEndsItAfterTheRepeat() {
    // Given 02:30 to 03:00 every night in Europe/Berlin; 02:00-03:00 happens twice on 2026-10-25
    ScheduleWindow window = ScheduleWindow.between(cron("30 2 * * *"), cron("0 3 * * *"), BERLIN);

    // When the boundaries of that night are asked
    // Then it starts once at 02:30 CEST (00:30Z) and ends at 03:00 CET (02:00Z), 90 minutes on
    assertThat(boundaries(window, "2026-10-24T22:00:00Z", "2026-10-25T05:00:00Z"))
        .containsExactly("START 2026-10-25T00:30:00Z", "END 2026-10-25T02:00:00Z");
  }

  @Test
  void newYorkDurationIsElapsedTimeAcrossSpringForward() {
    // Given the nightly batch at 01:30 in America/New_York for two hours; 2026-03-08 skips 02:xx
    ScheduleWindow batch = ScheduleWindow.lasting(cron("30 1 * * *"), hours(2), NEW_YORK);

    // When the boundaries of that night are asked
    // Then it starts at 01:30 EST (06:30Z) and ends two hours on (08:30Z, 04:30 EDT)
    assertThat(boundaries(batch, "2026-03-08T05:00:00Z", "2026-03-08T12:00:00Z"))
        .containsExactly("START 2026-03-08T06:30:00Z", "END 2026-03-08T08:30:00Z");
  }

  @Test
  void newYorkStartInTheRepeatedHourFiresOnceAcrossFallBack() {
    // Given the nightly batch at 01:30 in America/New_York for two hours; 2026-11-01 repeats 01:xx
    ScheduleWindow batch = ScheduleWindow.lasting(cron("30 1 * * *"), hours(2), NEW_YORK);

    // When the boundaries of that night are asked
    // Then it starts once, at 01:30 EDT (05:30Z), and ends two hours on (07:30Z)
    assertThat(boundaries(batch, "2026-11-01T04:00:00Z", "2026-11-01T12:00:00Z"))
        .containsExactly("START 2026-11-01T05:30:00Z", "END 2026-11-01T07:30:00Z");
  }

  @Test
  void aWindowNeedsAnEndOrADurationAndAPositiveOne() {
    // Given the parts of a window
    // When it has both an end and a duration, neither, or a zero duration
    // Then it is refused
    assertThatThrownBy(
            () -> new ScheduleWindow(cron("0 8 * * *"), cron("0 9 * * *"), hours(1), BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("either an end or a duration");
    assertThatThrownBy(() -> new ScheduleWindow(cron("0 8 * * *"), null, null, BERLIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScheduleWindow.lasting(cron("0 8 * * *"), Duration.ZERO, BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }

  private static List<String> boundaries(ScheduleWindow window, String from, String to) {
    return window.boundaries(instant(from), instant(to)).stream()
        .map(b -> b.type() + " " + b.at())
        .toList();
  }

  private static Occurrence occurrence(String start, String end) {
    return new Occurrence(instant(start), instant(end));
  }

  private static CronExpression cron(String expression) {
    return CronExpression.parse(expression);
  }

  private static Instant instant(String text) {
    return Instant.parse(text);
  }

  private static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }

  private static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }
}

package io.governor.contracts.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.contracts.schedule.CronExpression.Field;
import io.governor.contracts.schedule.CronExpression.InvalidCronExpressionException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Nested
  class Parsing {

    @Test
    void stepsFromTheStartOfTheField() {
      // Given every quarter hour
      CronExpression cron = CronExpression.parse("*/15 * * * *");

      // When asked after 10:07 and after 10:45
      // Then it fires at 10:15 and at 11:00
      assertThat(next(cron, "2026-01-05T10:07")).isEqualTo("2026-01-05T10:15");
      assertThat(next(cron, "2026-01-05T10:45")).isEqualTo("2026-01-05T11:00");
    }

    @Test
    void listsRangesAndStepsWithinRanges() {
      // Given 09:00, 12:00 and 18:00; and every 5 hours from 8 to 18; and every 20 minutes from :10
      CronExpression list = CronExpression.parse("0 9,12,18 * * *");
      CronExpression rangeStep = CronExpression.parse("0 8-18/5 * * *");
      CronExpression fromStep = CronExpression.parse("10/20 * * * *");

      // When each is followed through a day
      // Then each fires exactly at what it lists
      assertThat(fires(list, "2026-01-05T00:00", 4))
          .containsExactly(
              "2026-01-05T09:00", "2026-01-05T12:00", "2026-01-05T18:00", "2026-01-06T09:00");
      assertThat(fires(rangeStep, "2026-01-05T00:00", 4))
          .containsExactly(
              "2026-01-05T08:00", "2026-01-05T13:00", "2026-01-05T18:00", "2026-01-06T08:00");
      assertThat(fires(fromStep, "2026-01-05T00:00", 4))
          .containsExactly(
              "2026-01-05T00:10", "2026-01-05T00:30", "2026-01-05T00:50", "2026-01-05T01:10");
    }

    @Test
    void namesOfMonthsAndDaysInAnyCase() {
      // Given weekdays at 08:00 by name, and midnight on the first of January in lower case
      CronExpression weekdays = CronExpression.parse("0 8 * * MON-FRI");
      CronExpression newYear = CronExpression.parse("0 0 1 jan *");

      // When asked after Friday evening, and after New Year
      // Then Monday morning, and the next New Year
      assertThat(next(weekdays, "2026-01-09T18:00")).isEqualTo("2026-01-12T08:00");
      assertThat(next(newYear, "2026-01-01T00:00")).isEqualTo("2027-01-01T00:00");
      assertThat(weekdays).isEqualTo(CronExpression.parse("0 8 * * 1-5"));
    }

    @Test
    void zeroAndSevenAreBothSunday() {
      // Given Sunday written three ways
      CronExpression zero = CronExpression.parse("0 0 * * 0");
      CronExpression seven = CronExpression.parse("0 0 * * 7");
      CronExpression named = CronExpression.parse("0 0 * * SUN");

      // When asked after Thursday 2026-01-01
      // Then all fire on Sunday 2026-01-04 and are the same expression
      assertThat(next(zero, "2026-01-01T12:00")).isEqualTo("2026-01-04T00:00");
      assertThat(next(seven, "2026-01-01T12:00")).isEqualTo("2026-01-04T00:00");
      assertThat(zero).isEqualTo(seven).isEqualTo(named);
      assertThat(CronExpression.parse("0 0 * * 5-7"))
          .isEqualTo(CronExpression.parse("0 0 * * 0,5,6"));
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherMatches() {
      // Given the 13th and every Friday (the standard cron rule: either day field)
      CronExpression cron = CronExpression.parse("0 0 13 * FRI");

      // When followed from Thursday 2026-01-01
      // Then it fires on Fridays and on Tuesday the 13th
      assertThat(fires(cron, "2026-01-01T00:00", 4))
          .containsExactly(
              "2026-01-02T00:00", "2026-01-09T00:00", "2026-01-13T00:00", "2026-01-16T00:00");
    }

    @Test
    void aDayFieldStartingWithAStarDoesNotRestrictSoBothMustMatch() {
      // Given odd days that are Mondays (day-of-month "*/2" counts as unrestricted, as in cron)
      CronExpression cron = CronExpression.parse("0 0 */2 * MON");

      // When followed from 2026-01-01
      // Then only Mondays with an odd date: the 5th and the 19th
      assertThat(fires(cron, "2026-01-01T00:00", 2))
          .containsExactly("2026-01-05T00:00", "2026-01-19T00:00");
    }

    @Test
    void aLeapDayIsFoundYearsAhead() {
      // Given 29 February
      CronExpression cron = CronExpression.parse("0 0 29 2 *");

      // When asked after 2026-03-01 and before it
      // Then 2028-02-29, and 2024-02-29
      assertThat(next(cron, "2026-03-01T00:00")).isEqualTo("2028-02-29T00:00");
      assertThat(previous(cron, "2026-03-01T00:00")).isEqualTo("2024-02-29T00:00");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "60 * * * *     | MINUTE       | 60 is out of range 0-59",
          "0 24 * * *     | HOUR         | 24 is out of range 0-23",
          "0 0 0 * *      | DAY_OF_MONTH | 0 is out of range 1-31",
          "0 0 * 13 *     | MONTH        | 13 is out of range 1-12",
          "0 0 * FOO *    | MONTH        | 'FOO' is not a month name (JAN-DEC)",
          "0 0 * * MOX    | DAY_OF_WEEK  | 'MOX' is not a day name (SUN-SAT)",
          "0 0 * * 8      | DAY_OF_WEEK  | 8 is out of range 0-7 (0 and 7 are Sunday)",
          "*/0 * * * *    | MINUTE       | step 0 in '*/0' must be 1-59",
          "0 18-8 * * *   | HOUR         | range '18-8' runs backwards",
          "0 0 30 2 *     | DAY_OF_MONTH | no month of the month field has day 30",
          "0 0 * * 1,,2   | DAY_OF_WEEK  | '1,,2' has an empty list item",
          "x * * * *      | MINUTE       | 'x' is not a value (0-59)",
          "0 0 1/2/3 * *  | DAY_OF_MONTH | '1/2/3' has more than one '/'",
          "0 0 * * MON/x  | DAY_OF_WEEK  | 'x' is not a step",
        })
    void aWrongFieldIsNamed(String expression, Field field, String reason) {
      // Given an expression with one wrong field
      // When it is parsed
      // Then the error names the field and says what is wrong with it
      assertThatThrownBy(() -> CronExpression.parse(expression))
          .isInstanceOfSatisfying(
              InvalidCronExpressionException.class,
              e -> {
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.expression()).isEqualTo(expression.trim());
              })
          .hasMessageStartingWith(field.label() + ": ")
          .hasMessageContaining(reason);
    }

    @Test
    void aWrongNumberOfFieldsOrNothingIsAnErrorOfTheWholeExpression() {
      // Given six fields (a seconds field, as Quartz writes them) and a blank expression
      // When they are parsed
      // Then the errors say so and name no field
      assertThatThrownBy(() -> CronExpression.parse("0 0 8 * * MON"))
          .isInstanceOfSatisfying(
              InvalidCronExpressionException.class, e -> assertThat(e.field()).isNull())
          .hasMessageContaining(
              "expected 5 fields (minute hour day-of-month month day-of-week), found 6");
      assertThatThrownBy(() -> CronExpression.parse(" "))
          .isInstanceOf(InvalidCronExpressionException.class)
          .hasMessageContaining("the expression is empty");
    }
  }

  @Nested
  class DaylightSaving {

    @Test
    void berlinSpringForwardFiresASkippedTimeWhenTheClockJumps() {
      // Given 02:30 every night in Europe/Berlin; on 2026-03-29 clocks jump from 02:00 to 03:00
      CronExpression cron = CronExpression.parse("30 2 * * *");

      // When asked after the evening before, and after that firing
      ZonedDateTime first = cron.next(at("2026-03-28T20:00:00Z", BERLIN));
      ZonedDateTime second = cron.next(first);

      // Then it fires at 03:00 CEST (01:00Z), then at 02:30 CEST the night after
      assertThat(first.toInstant()).isEqualTo("2026-03-29T01:00:00Z");
      assertThat(first.toLocalDateTime()).isEqualTo("2026-03-29T03:00");
      assertThat(second.toInstant()).isEqualTo("2026-03-30T00:30:00Z");
    }

    @Test
    void berlinSpringForwardFiresSeveralSkippedTimesOnce() {
      // Given every quarter hour of 02:xx in Europe/Berlin
      CronExpression cron = CronExpression.parse("*/15 2 * * *");

      // When followed through 2026-03-29, when 02:xx does not exist
      List<Instant> fired = instants(cron, at("2026-03-28T23:00:00Z", BERLIN), 3);

      // Then the four skipped times fire once, at the jump, and the next night goes on as usual
      assertThat(fired)
          .containsExactly(
              Instant.parse("2026-03-29T01:00:00Z"),
              Instant.parse("2026-03-30T00:00:00Z"),
              Instant.parse("2026-03-30T00:15:00Z"));
    }

    @Test
    void berlinFallBackFiresARepeatedTimeOnceAtItsFirstOccurrence() {
      // Given 02:30 every night in Europe/Berlin; on 2026-10-25 02:00-03:00 happens twice
      CronExpression cron = CronExpression.parse("30 2 * * *");

      // When followed from the evening before
      List<Instant> fired = instants(cron, at("2026-10-24T20:00:00Z", BERLIN), 2);

      // Then 02:30 CEST (00:30Z) fires, 02:30 CET (01:30Z) does not, and the next night 02:30 CET
      assertThat(fired)
          .containsExactly(
              Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void berlinFallBackAskedDuringTheSecondPassSkipsTheRepeatedTimes() {
      // Given 02:45 every night, asked at 02:30 CET, the second pass of the repeated hour
      CronExpression cron = CronExpression.parse("45 2 * * *");
      ZonedDateTime secondPass = at("2026-10-25T01:30:00Z", BERLIN);

      // When the next and the previous firing are asked
      // Then 02:45 CET is not a firing: the next is the night after, the previous 02:45 CEST
      assertThat(cron.next(secondPass).toInstant()).isEqualTo("2026-10-26T01:45:00Z");
      assertThat(cron.previous(secondPass).toInstant()).isEqualTo("2026-10-25T00:45:00Z");
    }

    @Test
    void berlinHourlyAcrossFallBackSkipsTheRepeatedHour() {
      // Given every full hour
      CronExpression cron = CronExpression.parse("0 * * * *");

      // When followed across 2026-10-25 01:00Z, which is 02:00 CET a second time
      List<Instant> fired = instants(cron, at("2026-10-24T22:30:00Z", BERLIN), 4);

      // Then 02:00 fires once (CEST) and 03:00 CET follows
      assertThat(fired)
          .containsExactly(
              Instant.parse("2026-10-24T23:00:00Z"),
              Instant.parse("2026-10-25T00:00:00Z"),
              Instant.parse("2026-10-25T02:00:00Z"),
              Instant.parse("2026-10-25T03:00:00Z"));
    }

    @Test
    void newYorkSpringForward() {
      // Given 02:30 every night in America/New_York; on 2026-03-08 clocks jump from 02:00 to 03:00
      CronExpression cron = CronExpression.parse("30 2 * * *");

      // When followed from the evening before
      List<Instant> fired = instants(cron, at("2026-03-08T00:00:00Z", NEW_YORK), 2);

      // Then 03:00 EDT (07:00Z), then 02:30 EDT (06:30Z) the night after
      assertThat(fired)
          .containsExactly(
              Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void newYorkFallBack() {
      // Given 01:30 every night in America/New_York; on 2026-11-01 01:00-02:00 happens twice
      CronExpression cron = CronExpression.parse("30 1 * * *");

      // When followed from the evening before
      List<Instant> fired = instants(cron, at("2026-11-01T00:00:00Z", NEW_YORK), 2);

      // Then 01:30 EDT (05:30Z) once, then 01:30 EST (06:30Z) the night after
      assertThat(fired)
          .containsExactly(
              Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void previousMirrorsNextAcrossTheJump() {
      // Given 02:30 every night in Europe/Berlin
      CronExpression cron = CronExpression.parse("30 2 * * *");

      // When asked just after the spring-forward firing, and at it
      // Then the firing is the jump; strictly before the jump, the night before
      assertThat(cron.previous(at("2026-03-29T01:00:30Z", BERLIN)).toInstant())
          .isEqualTo("2026-03-29T01:00:00Z");
      assertThat(cron.previous(at("2026-03-29T01:00:00Z", BERLIN)).toInstant())
          .isEqualTo("2026-03-28T01:30:00Z");
    }
  }

  private static String next(CronExpression cron, String localUtc) {
    return cron.next(LocalDateTime.parse(localUtc).atZone(ZoneOffset.UTC))
        .toLocalDateTime()
        .toString();
  }

  private static String previous(CronExpression cron, String localUtc) {
    return cron.previous(LocalDateTime.parse(localUtc).atZone(ZoneOffset.UTC))
        .toLocalDateTime()
        .toString();
  }

  private static List<String> fires(CronExpression cron, String fromLocalUtc, int count) {
    List<String> fired = new ArrayList<>();
    ZonedDateTime at = LocalDateTime.parse(fromLocalUtc).atZone(ZoneOffset.UTC);
    for (int i = 0; i < count; i++) {
      at = cron.next(at);
      fired.add(at.toLocalDateTime().toString());
    }
    return fired;
  }

  private static List<Instant> instants(CronExpression cron, ZonedDateTime from, int count) {
    List<Instant> fired = new ArrayList<>();
    ZonedDateTime at = from;
    for (int i = 0; i < count; i++) {
      at = cron.next(at);
      fired.add(at.toInstant());
    }
    return fired;
  }

  private static ZonedDateTime at(String instant, ZoneId zone) {
    return Instant.parse(instant).atZone(zone);
  }
}

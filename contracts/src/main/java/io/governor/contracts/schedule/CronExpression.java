package io.governor.contracts.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A five-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field is {@code *}, a value, a range {@code a-b}, a step {@code *}{@code /n}, {@code
 * a-b/n} or {@code a/n} (from a to the field's maximum), or a comma-separated list of these. Months
 * may be named {@code JAN}-{@code DEC}, days of the week {@code SUN}-{@code SAT} (any case); day of
 * week 0 and 7 are both Sunday. As in Vixie cron, when both day fields are restricted (neither
 * starts with {@code *}) a day matches if either matches; otherwise both must.
 *
 * <p>Times are local times of the zone of the {@link ZonedDateTime} given to {@link #next} and
 * {@link #previous}. A local time the zone skips (spring forward) fires at the instant the clock
 * jumps; a local time that happens twice (fall back) fires once, at its first occurrence.
 *
 * <p>Self-contained on purpose (JDK only): policy-engine validates schedules with the same rules
 * and may copy this file.
 */
public final class CronExpression {

  /** The fields, in the order they are written. */
  public enum Field {
    MINUTE("minute", 0, 59, null),
    HOUR("hour", 0, 23, null),
    DAY_OF_MONTH("day-of-month", 1, 31, null),
    MONTH(
        "month",
        1,
        12,
        List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    Field(String label, int min, int max, List<String> names) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
    }

    /** The field's name as people write it, e.g. {@code day-of-week}. */
    public String label() {
      return label;
    }
  }

  /** A cron expression that cannot be parsed; says which field is wrong and why. */
  public static final class InvalidCronExpressionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Field field;
    private final String expression;

    InvalidCronExpressionException(String expression, Field field, String reason) {
      super(
          (field == null ? "" : field.label() + ": ")
              + reason
              + " (in cron expression '"
              + expression
              + "')");
      this.expression = expression;
      this.field = field;
    }

    /** The field at fault, or {@code null} when the expression as a whole is malformed. */
    public Field field() {
      return field;
    }

    public String expression() {
      return expression;
    }
  }

  // Every valid expression fires within this span: a 29 February on a given weekday recurs within
  // 28 years (40 across a century without leap day).
  private static final int SEARCH_YEARS = 50;

  private static final int[] MAX_DAYS_IN_MONTH = {
    0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
  };

  private final String text;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    this.minutes = parseField(text, fields[0], Field.MINUTE);
    this.hours = parseField(text, fields[1], Field.HOUR);
    this.daysOfMonth = parseField(text, fields[2], Field.DAY_OF_MONTH);
    this.months = parseField(text, fields[3], Field.MONTH);
    long dow = parseField(text, fields[4], Field.DAY_OF_WEEK);
    // 7 is Sunday too: fold it onto 0.
    this.daysOfWeek = (dow & (1L << 7)) != 0 ? (dow | 1L) & ~(1L << 7) : dow;
    this.dayOfMonthRestricted = !fields[2].startsWith("*");
    this.dayOfWeekRestricted = !fields[4].startsWith("*");
    checkDaysExist();
  }

  /**
   * Parses a five-field expression.
   *
   * @throws InvalidCronExpressionException naming the field at fault
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidCronExpressionException(
          String.valueOf(expression), null, "the expression is empty");
    }
    String trimmed = expression.trim();
    String[] fields = trimmed.split("\\s+");
    if (fields.length != 5) {
      throw new InvalidCronExpressionException(
          trimmed,
          null,
          "expected 5 fields (minute hour day-of-month month day-of-week), found " + fields.length);
    }
    return new CronExpression(trimmed, fields);
  }

  /**
   * The first time this expression fires strictly after {@code after}, in the zone of {@code
   * after}.
   */
  public ZonedDateTime next(ZonedDateTime after) {
    ZoneId zone = after.getZone();
    Instant bound = after.toInstant();
    // Local time maps to instants monotonically (gaps collapse onto the transition, overlaps take
    // the first occurrence), so the first local match whose instant is after the bound is the
    // answer. The local time of the bound itself never maps later than the bound.
    LocalDateTime candidate = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
    LocalDate limit = candidate.toLocalDate().plusYears(SEARCH_YEARS);
    while (true) {
      LocalDateTime match = nextMatch(candidate, limit);
      if (match == null) {
        throw new IllegalStateException(
            "cron expression '" + text + "' does not fire within " + SEARCH_YEARS + " years");
      }
      ZonedDateTime fired = resolve(match, zone);
      if (fired.toInstant().isAfter(bound)) {
        return fired;
      }
      candidate = match.plusMinutes(1);
    }
  }

  /**
   * The last time this expression fired strictly before {@code before}, in the zone of {@code
   * before}.
   */
  public ZonedDateTime previous(ZonedDateTime before) {
    ZoneId zone = before.getZone();
    Instant bound = before.toInstant();
    LocalDateTime candidate = before.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
    // In the second pass of a fall-back hour, later local times of that hour map to its first
    // pass, i.e. before the bound: start from the end of the repeated hour.
    ZoneOffsetTransition last = zone.getRules().previousTransition(bound.plusNanos(1));
    if (last != null
        && last.isOverlap()
        && bound.isBefore(last.getInstant().plus(last.getDuration().abs()))) {
      LocalDateTime endOfRepeat = last.getDateTimeBefore().minusMinutes(1);
      if (endOfRepeat.isAfter(candidate)) {
        candidate = endOfRepeat;
      }
    }
    LocalDate limit = candidate.toLocalDate().minusYears(SEARCH_YEARS);
    while (true) {
      LocalDateTime match = previousMatch(candidate, limit);
      if (match == null) {
        throw new IllegalStateException(
            "cron expression '" + text + "' did not fire within " + SEARCH_YEARS + " years");
      }
      ZonedDateTime fired = resolve(match, zone);
      if (fired.toInstant().isBefore(bound)) {
        return fired;
      }
      candidate = match.minusMinutes(1);
    }
  }

  /** The instant a local time fires at: the jump for a skipped time, else its first occurrence. */
  static ZonedDateTime resolve(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return ZonedDateTime.ofInstant(rules.getTransition(local).getInstant(), zone);
    }
    return ZonedDateTime.ofLocal(local, zone, offsets.get(0));
  }

  /** The first local minute at or after {@code from} that matches, or null before the limit. */
  private LocalDateTime nextMatch(LocalDateTime from, LocalDate limit) {
    LocalDate date = from.toLocalDate();
    int hour = from.getHour();
    int minute = from.getMinute();
    while (!date.isAfter(limit)) {
      if (!has(months, date.getMonthValue())) {
        date = date.withDayOfMonth(1).plusMonths(1);
        hour = 0;
        minute = 0;
      } else if (!dayMatches(date)) {
        date = date.plusDays(1);
        hour = 0;
        minute = 0;
      } else {
        LocalTime time = firstTimeFrom(hour, minute);
        if (time != null) {
          return date.atTime(time);
        }
        date = date.plusDays(1);
        hour = 0;
        minute = 0;
      }
    }
    return null;
  }

  /** The last local minute at or before {@code from} that matches, or null before the limit. */
  private LocalDateTime previousMatch(LocalDateTime from, LocalDate limit) {
    LocalDate date = from.toLocalDate();
    int hour = from.getHour();
    int minute = from.getMinute();
    while (!date.isBefore(limit)) {
      if (!has(months, date.getMonthValue())) {
        date = date.withDayOfMonth(1).minusDays(1);
        hour = 23;
        minute = 59;
      } else if (!dayMatches(date)) {
        date = date.minusDays(1);
        hour = 23;
        minute = 59;
      } else {
        LocalTime time = lastTimeUntil(hour, minute);
        if (time != null) {
          return date.atTime(time);
        }
        date = date.minusDays(1);
        hour = 23;
        minute = 59;
      }
    }
    return null;
  }

  private LocalTime firstTimeFrom(int hour, int minute) {
    for (int h = hour; h <= 23; h++) {
      if (has(hours, h)) {
        long later = minutes & (-1L << (h == hour ? minute : 0));
        if (later != 0) {
          return LocalTime.of(h, Long.numberOfTrailingZeros(later));
        }
      }
    }
    return null;
  }

  private LocalTime lastTimeUntil(int hour, int minute) {
    for (int h = hour; h >= 0; h--) {
      if (has(hours, h)) {
        int upTo = h == hour ? minute : 59;
        long earlier = minutes & ((1L << (upTo + 1)) - 1);
        if (earlier != 0) {
          return LocalTime.of(h, 63 - Long.numberOfLeadingZeros(earlier));
        }
      }
    }
    return null;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dayOfMonth = has(daysOfMonth, date.getDayOfMonth());
    boolean dayOfWeek = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dayOfMonth || dayOfWeek;
    }
    return dayOfMonth && dayOfWeek;
  }

  private static boolean has(long mask, int value) {
    return (mask & (1L << value)) != 0;
  }

  /** Rejects an expression whose days exist in none of its months, e.g. 30 February. */
  private void checkDaysExist() {
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return; // the day-of-week side alone matches some day of every month
    }
    int firstDay = Long.numberOfTrailingZeros(daysOfMonth);
    for (int month = 1; month <= 12; month++) {
      if (has(months, month) && firstDay <= MAX_DAYS_IN_MONTH[month]) {
        return;
      }
    }
    throw new InvalidCronExpressionException(
        text, Field.DAY_OF_MONTH, "no month of the month field has day " + firstDay);
  }

  private static long parseField(String expression, String text, Field field) {
    long mask = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        throw new InvalidCronExpressionException(
            expression, field, "'" + text + "' has an empty list item");
      }
      mask |= parseItem(expression, item, field);
    }
    return mask;
  }

  private static long parseItem(String expression, String item, Field field) {
    String[] stepParts = item.split("/", -1);
    if (stepParts.length > 2) {
      throw new InvalidCronExpressionException(
          expression, field, "'" + item + "' has more than one '/'");
    }
    String range = stepParts[0];
    int step = 1;
    if (stepParts.length == 2) {
      step = number(expression, stepParts[1], field, "step");
      if (step < 1 || step > field.max) {
        throw new InvalidCronExpressionException(
            expression, field, "step " + step + " in '" + item + "' must be 1-" + field.max);
      }
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = field.min;
      to = field.max;
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        from = value(expression, range.substring(0, dash), field, item);
        to = value(expression, range.substring(dash + 1), field, item);
        if (from > to) {
          throw new InvalidCronExpressionException(
              expression, field, "range '" + range + "' runs backwards");
        }
      } else {
        from = value(expression, range, field, item);
        // "a/n" runs from a to the field's end, as in most crons.
        to = stepParts.length == 2 ? field.max : from;
      }
    }
    long mask = 0;
    for (int value = from; value <= to; value += step) {
      mask |= 1L << value;
    }
    return mask;
  }

  private static int value(String expression, String text, Field field, String item) {
    if (text.isEmpty()) {
      throw new InvalidCronExpressionException(
          expression, field, "'" + item + "' has an empty value");
    }
    if (field.names != null && Character.isLetter(text.charAt(0))) {
      int index = field.names.indexOf(text.toUpperCase(Locale.ROOT));
      if (index < 0) {
        throw new InvalidCronExpressionException(
            expression,
            field,
            "'"
                + text
                + "' is not a "
                + (field == Field.MONTH ? "month name (JAN-DEC)" : "day name (SUN-SAT)"));
      }
      return index + field.min;
    }
    int value = number(expression, text, field, "value");
    if (value < field.min || value > field.max) {
      throw new InvalidCronExpressionException(
          expression,
          field,
          value + " is out of range " + field.min + "-" + field.max + describeNames(field));
    }
    return value;
  }

  private static int number(String expression, String text, Field field, String what) {
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      throw new InvalidCronExpressionException(
          expression,
          field,
          "'" + text + "' is not a " + what + (what.equals("value") ? describeValues(field) : ""));
    }
    return Integer.parseInt(text);
  }

  private static String describeValues(Field field) {
    String numbers = " (" + field.min + "-" + field.max;
    if (field == Field.MONTH) {
      return numbers + " or JAN-DEC)";
    }
    if (field == Field.DAY_OF_WEEK) {
      return numbers + " or SUN-SAT; 0 and 7 are Sunday)";
    }
    return numbers + ")";
  }

  private static String describeNames(Field field) {
    return field == Field.DAY_OF_WEEK ? " (0 and 7 are Sunday)" : "";
  }

  /** Two expressions are equal when they fire at the same times, however they are written. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CronExpression that
        && minutes == that.minutes
        && hours == that.hours
        && daysOfMonth == that.daysOfMonth
        && months == that.months
        && daysOfWeek == that.daysOfWeek
        && dayOfMonthRestricted == that.dayOfMonthRestricted
        && dayOfWeekRestricted == that.dayOfWeekRestricted;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        minutes, hours, daysOfMonth, months, daysOfWeek, dayOfMonthRestricted, dayOfWeekRestricted);
  }

  /** The expression as written. */
  @Override
  public String toString() {
    return text;
  }
}

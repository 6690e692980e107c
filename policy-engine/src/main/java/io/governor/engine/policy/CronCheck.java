package io.governor.engine.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a five-field cron expression (minute hour day-of-month month day-of-week) as the scheduler
 * reads it: {@code *}, lists, ranges, steps, and names for months and weekdays.
 */
final class CronCheck {

  private record Field(String name, int min, int max, List<String> names) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of()),
          new Field("hour", 0, 23, List.of()),
          new Field("day of month", 1, 31, List.of()),
          new Field(
              "month",
              1,
              12,
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC")),
          new Field("day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private CronCheck() {}

  /** What is wrong with the expression; empty when it is valid. */
  static Optional<String> problem(String expression) {
    if (expression == null || expression.isBlank()) {
      return Optional.of("is required: a cron expression such as '0 8 * * MON-FRI'");
    }
    String[] parts = expression.trim().split("\\s+");
    if (parts.length != FIELDS.size()) {
      return Optional.of(
          "'" + expression + "' needs 5 fields (minute hour day-of-month month day-of-week)");
    }
    for (int i = 0; i < parts.length; i++) {
      Field field = FIELDS.get(i);
      for (String item : parts[i].split(",", -1)) {
        if (!valid(item, field)) {
          return Optional.of(
              "'" + expression + "': '" + item + "' is not a valid " + field.name() + " value");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean valid(String item, Field field) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      String step = item.substring(slash + 1);
      if (!step.matches("[0-9]{1,2}") || Integer.parseInt(step) < 1) {
        return false;
      }
      range = item.substring(0, slash);
    }
    if (range.equals("*")) {
      return true;
    }
    String[] ends = range.split("-", -1);
    if (ends.length > 2) {
      return false;
    }
    int[] values = new int[ends.length];
    for (int i = 0; i < ends.length; i++) {
      Integer value = value(ends[i], field);
      if (value == null) {
        return false;
      }
      values[i] = value;
    }
    return values.length == 1 || values[0] <= values[1];
  }

  private static Integer value(String token, Field field) {
    int named = field.names().indexOf(token.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + field.min();
    }
    if (!token.matches("[0-9]{1,2}")) {
      return null;
    }
    int value = Integer.parseInt(token);
    return value >= field.min() && value <= field.max() ? value : null;
  }
}

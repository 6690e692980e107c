package io.governor.engine.scaling;

import java.util.Arrays;

/**
 * A seasonal forecast of one metric at one-minute resolution.
 *
 * <p>The expected value of a minute is the median of the same minute one, two and three weeks
 * earlier once there are two weeks of history, else of the same minute on each of the last seven
 * days; each of those is averaged over five minutes around it, to calm per-minute noise. A level
 * scales it: what the last hour brought over what the profile expected for it, so a busier or
 * quieter day than usual is followed.
 *
 * <p>Gaps are missing data, and so is a zero where the profile expects load: an outage is not a
 * quiet day. Memory: one float per minute over {@link #HISTORY_MINUTES}, about 90 KB.
 */
final class SeasonalForecast {

  static final int DAY = 1440;
  static final int WEEK = 7 * DAY;
  static final int HISTORY_MINUTES = 3 * WEEK + DAY;
  private static final int LEVEL_MINUTES = 60;
  private static final int SMOOTH = 2;

  private final float[] history = new float[HISTORY_MINUTES];
  private long newest = Long.MIN_VALUE;
  private long oldest = Long.MIN_VALUE;
  private long known;
  private long levelAt = Long.MIN_VALUE;
  private double level = 1;

  SeasonalForecast() {
    Arrays.fill(history, Float.NaN);
  }

  /** Records the value of a minute (minutes since the epoch); a later value of it replaces it. */
  void record(long minute, double value) {
    if (newest != Long.MIN_VALUE && (minute <= newest - HISTORY_MINUTES || minute < oldest)) {
      return;
    }
    if (newest == Long.MIN_VALUE) {
      oldest = minute;
      newest = minute - 1;
    }
    if (minute - newest > HISTORY_MINUTES) {
      // Silent for longer than the history holds: none of it is left.
      Arrays.fill(history, Float.NaN);
      known = 0;
      newest = minute - 1;
      oldest = minute;
    }
    for (long gap = newest + 1; gap < minute; gap++) {
      write(gap, Float.NaN);
    }
    double stored = value;
    if (value == 0) {
      double expected = profile(minute);
      if (!Double.isNaN(expected) && expected > 0) {
        stored = Double.NaN;
      }
    }
    if (Double.isNaN(stored) && minute <= newest && !Float.isNaN(history[slot(minute)])) {
      return;
    }
    write(minute, (float) stored);
    if (minute > newest) {
      newest = minute;
      oldest = Math.max(oldest, newest - HISTORY_MINUTES + 1);
    }
    levelAt = Long.MIN_VALUE;
  }

  /** Minutes of history that hold a value: gaps and outages do not count towards a warm-up. */
  long knownMinutes() {
    return known;
  }

  /** Writes a slot, keeping count of the slots that hold a value (the ring drops the oldest). */
  private void write(long minute, float value) {
    int slot = slot(minute);
    if (!Float.isNaN(history[slot])) {
      known--;
    }
    history[slot] = value;
    if (!Float.isNaN(value)) {
      known++;
    }
  }

  long newest() {
    return newest;
  }

  /** The forecast of a future minute: the profile scaled by the recent level; NaN if unknown. */
  double forecast(long minute) {
    double expected = profile(minute);
    return Double.isNaN(expected) ? Double.NaN : expected * level();
  }

  /** The largest forecast over {@code minutes} minutes from {@code from}; NaN if unknown. */
  double peak(long from, int minutes) {
    double level = level();
    double peak = Double.NaN;
    for (long minute = from; minute < from + minutes; minute++) {
      double expected = profile(minute);
      if (!Double.isNaN(expected) && (Double.isNaN(peak) || expected * level > peak)) {
        peak = expected * level;
      }
    }
    return peak;
  }

  /** What the recent hour brought over what the profile expected for it, within [0.5, 2]. */
  double level() {
    if (levelAt != newest) {
      levelAt = newest;
      level = computeLevel();
    }
    return level;
  }

  private double computeLevel() {
    double actual = 0;
    double expected = 0;
    for (long minute = newest - LEVEL_MINUTES + 1; minute <= newest; minute++) {
      double value = value(minute);
      double profile = profile(minute);
      if (!Double.isNaN(value) && !Double.isNaN(profile)) {
        actual += value;
        expected += profile;
      }
    }
    if (expected <= 0) {
      return 1;
    }
    return Math.max(0.5, Math.min(2, actual / expected));
  }

  /** The seasonal expectation of a minute from earlier weeks or days; NaN without enough. */
  double profile(long minute) {
    if (newest == Long.MIN_VALUE) {
      return Double.NaN;
    }
    boolean weekly = minute - 2L * WEEK >= oldest;
    int period = weekly ? WEEK : DAY;
    int seasons = weekly ? 3 : 7;
    double[] values = new double[seasons];
    int found = 0;
    for (int k = 1; k <= seasons; k++) {
      double around = smoothed(minute - (long) k * period);
      if (!Double.isNaN(around)) {
        values[found++] = around;
      }
    }
    if (found < 2) {
      return Double.NaN;
    }
    Arrays.sort(values, 0, found);
    return found % 2 == 1 ? values[found / 2] : (values[found / 2 - 1] + values[found / 2]) / 2;
  }

  private double smoothed(long minute) {
    double sum = 0;
    int count = 0;
    for (long m = minute - SMOOTH; m <= minute + SMOOTH; m++) {
      double value = value(m);
      if (!Double.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private double value(long minute) {
    if (newest == Long.MIN_VALUE || minute > newest || minute < oldest) {
      return Double.NaN;
    }
    return history[slot(minute)];
  }

  private static int slot(long minute) {
    return (int) Math.floorMod(minute, (long) HISTORY_MINUTES);
  }
}

package io.governor.engine.bench.scaling;

/**
 * Additive Holt-Winters with a daily season of 1,440 minutes, as predictive autoscalers use it:
 * level, trend and season updated with every minute; a missing minute is skipped.
 */
final class HoltWinters {

  private static final int SEASON = 1440;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double[] season = new double[SEASON];
  private final double[] firstDay = new double[SEASON];
  private long seen;
  private double level = Double.NaN;
  private double trend;
  private long lastMinute;

  HoltWinters(double alpha, double beta, double gamma) {
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
  }

  void observe(long minute, double value) {
    if (Double.isNaN(value)) {
      return;
    }
    lastMinute = minute;
    int slot = (int) Math.floorMod(minute, (long) SEASON);
    if (seen < SEASON) {
      // The first day initialises the season around its mean.
      firstDay[slot] = value;
      seen++;
      if (seen == SEASON) {
        double mean = 0;
        for (double v : firstDay) {
          mean += v / SEASON;
        }
        for (int i = 0; i < SEASON; i++) {
          season[i] = firstDay[i] - mean;
        }
        level = mean;
        trend = 0;
      }
      return;
    }
    double previousLevel = level;
    level = alpha * (value - season[slot]) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    season[slot] = gamma * (value - level) + (1 - gamma) * season[slot];
  }

  /** The forecast for a minute after the last observed; NaN before a day was seen. */
  double forecast(long minute) {
    if (Double.isNaN(level)) {
      return Double.NaN;
    }
    long ahead = minute - lastMinute;
    return level + ahead * trend + season[(int) Math.floorMod(minute, (long) SEASON)];
  }
}

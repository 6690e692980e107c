package io.governor.engine.bench;

import java.util.OptionalDouble;

/**
 * Flagger's defaults: every {@code interval} (60 s) the canary's request success rate over the last
 * interval must be at least 99%; a check with no data fails too ("no values found"); the canary is
 * rolled back when the failed checks reach {@code threshold} (5).
 */
final class FlaggerJudge implements Judge {

  private static final double INTERVAL = 60;
  private static final double MIN_SUCCESS = 0.99;
  private static final int THRESHOLD = 5;
  private static final double MAX_P99_SECONDS = 0.5;

  private double nextCheck = INTERVAL;
  private long lastRequests;
  private long lastErrors;
  private int failedChecks;
  private final long[] lastBuckets = new long[Traffic.BOUNDS.length];
  private final boolean crashLoop;

  FlaggerJudge(Scenario scenario) {
    this.crashLoop = scenario.crashLoop();
  }

  @Override
  public String name() {
    return "Flagger";
  }

  @Override
  public OptionalDouble observe(double seconds, Traffic counts, boolean silent) {
    if (crashLoop && seconds >= 600) {
      return OptionalDouble.of(seconds);
    }
    if (seconds < nextCheck) {
      return OptionalDouble.empty();
    }
    nextCheck += INTERVAL;
    long requests = silent ? lastRequests : counts.newRequests - lastRequests;
    long errors = silent ? 0 : counts.newErrors - lastErrors;
    lastRequests = counts.newRequests;
    lastErrors = counts.newErrors;
    boolean failed =
        silent
            || requests == 0
            || 1.0 - (double) errors / requests < MIN_SUCCESS
            || p99OfLastInterval(counts) > MAX_P99_SECONDS;
    if (failed && ++failedChecks >= THRESHOLD) {
      return OptionalDouble.of(seconds);
    }
    return OptionalDouble.empty();
  }

  /** histogram_quantile(0.99) over the increase of the buckets since the last check. */
  private double p99OfLastInterval(Traffic counts) {
    long[] increase = new long[lastBuckets.length];
    for (int b = 0; b < increase.length; b++) {
      increase[b] = counts.newBuckets[b] - lastBuckets[b];
      lastBuckets[b] = counts.newBuckets[b];
    }
    long total = increase[increase.length - 1];
    if (total == 0) {
      return 0;
    }
    double rank = 0.99 * total;
    double lower = 0;
    long below = 0;
    for (int b = 0; b < increase.length; b++) {
      if (increase[b] >= rank) {
        double upper = Traffic.BOUNDS[b];
        if (Double.isInfinite(upper)) {
          return lower;
        }
        return lower + (upper - lower) * (rank - below) / Math.max(1, increase[b] - below);
      }
      lower = Traffic.BOUNDS[b];
      below = increase[b];
    }
    return lower;
  }
}

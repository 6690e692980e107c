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

  private double nextCheck = INTERVAL;
  private long lastRequests;
  private long lastErrors;
  private int failedChecks;

  @Override
  public String name() {
    return "Flagger";
  }

  @Override
  public OptionalDouble observe(double seconds, Traffic counts, boolean silent) {
    if (seconds < nextCheck) {
      return OptionalDouble.empty();
    }
    nextCheck += INTERVAL;
    long requests = silent ? lastRequests : counts.newRequests - lastRequests;
    long errors = silent ? 0 : counts.newErrors - lastErrors;
    lastRequests = counts.newRequests;
    lastErrors = counts.newErrors;
    boolean failed = silent || requests == 0 || 1.0 - (double) errors / requests < MIN_SUCCESS;
    if (failed && ++failedChecks >= THRESHOLD) {
      return OptionalDouble.of(seconds);
    }
    return OptionalDouble.empty();
  }
}

package io.governor.engine.bench;

import java.util.OptionalDouble;

/**
 * Argo Rollouts' documented analysis example: every 5 minutes the success rate over the interval
 * must be at least 95%; the analysis fails when more than {@code failureLimit} (3) measurements
 * failed, or when more than {@code consecutiveErrorLimit} (4, the default) measurements in a row
 * errored, as a query with no data does.
 */
final class ArgoJudge implements Judge {

  private static final double INTERVAL = 300;
  private static final double MIN_SUCCESS = 0.95;
  private static final int FAILURE_LIMIT = 3;
  private static final int CONSECUTIVE_ERROR_LIMIT = 4;

  private double nextMeasurement = INTERVAL;
  private long lastRequests;
  private long lastErrors;
  private int failures;
  private int consecutiveErrors;

  @Override
  public String name() {
    return "Argo Rollouts";
  }

  @Override
  public OptionalDouble observe(double seconds, Traffic counts, boolean silent) {
    if (seconds < nextMeasurement) {
      return OptionalDouble.empty();
    }
    nextMeasurement += INTERVAL;
    long requests = counts.newRequests - lastRequests;
    long errors = counts.newErrors - lastErrors;
    lastRequests = counts.newRequests;
    lastErrors = counts.newErrors;
    if (silent || requests == 0) {
      if (++consecutiveErrors > CONSECUTIVE_ERROR_LIMIT) {
        return OptionalDouble.of(seconds);
      }
      return OptionalDouble.empty();
    }
    consecutiveErrors = 0;
    if (1.0 - (double) errors / requests < MIN_SUCCESS && ++failures > FAILURE_LIMIT) {
      return OptionalDouble.of(seconds);
    }
    return OptionalDouble.empty();
  }
}

package io.governor.engine.policy;

/**
 * Fails a revision whose errors are above an absolute ceiling, or clearly above its baseline's (the
 * previous revision, over the same time). Both are sequential tests: they decide as soon as the
 * evidence suffices, with a bounded false-alarm rate, and never before the minimum sample.
 *
 * @param requestsMetric counter of all requests, e.g. {@code http_requests_total}
 * @param errorsMetric counter of failed requests, e.g. {@code http_request_errors_total}
 * @param maxRatio the ceiling on errors / requests, between 0 and 1
 * @param baselineFactor how many times the baseline's error ratio counts as a regression; at or
 *     above it the revision fails (default 3)
 * @param falseAlarmRate the chance of failing a good revision, per analysis (default 0.001)
 * @param minRequests no verdict before this many requests of the revision (default 50)
 * @param dryRun when true this rule's failures are recorded, not acted on
 */
public record ErrorRateRule(
    String requestsMetric,
    String errorsMetric,
    Double maxRatio,
    Double baselineFactor,
    Double falseAlarmRate,
    Long minRequests,
    Boolean dryRun) {

  public static final long DEFAULT_MIN_REQUESTS = 50;
  public static final double DEFAULT_BASELINE_FACTOR = 3;
  public static final double DEFAULT_FALSE_ALARM_RATE = 1e-3;

  public long effectiveMinRequests() {
    return minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
  }

  public double effectiveBaselineFactor() {
    return baselineFactor == null ? DEFAULT_BASELINE_FACTOR : baselineFactor;
  }

  public double effectiveFalseAlarmRate() {
    return falseAlarmRate == null ? DEFAULT_FALSE_ALARM_RATE : falseAlarmRate;
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }
}

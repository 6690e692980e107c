package io.governor.engine.policy;

/**
 * Fails a revision whose latency quantile, computed from histogram buckets as Prometheus' {@code
 * histogram_quantile} does, is above a ceiling, or clearly above its baseline's same quantile over
 * the same time. Both are sequential tests on counts of slow requests.
 *
 * @param bucketMetric the histogram's bucket counter, e.g. {@code
 *     http_request_duration_seconds_bucket}
 * @param quantile the quantile judged, e.g. 0.99 (default)
 * @param maxSeconds the ceiling on that quantile; absent means only the baseline is compared
 * @param baselineFactor how many times more requests slower than the baseline's quantile count as a
 *     regression (default 3: a p99 where the baseline had 1% slower requests, the revision 3%)
 * @param falseAlarmRate the chance of failing a good revision, per analysis (default 0.001)
 * @param minRequests no verdict before this many requests of the revision (default 200)
 * @param dryRun when true this rule's failures are recorded, not acted on
 */
public record LatencyRule(
    String bucketMetric,
    Double quantile,
    Double maxSeconds,
    Double baselineFactor,
    Double falseAlarmRate,
    Long minRequests,
    Boolean dryRun) {

  public static final double DEFAULT_QUANTILE = 0.99;
  public static final long DEFAULT_MIN_REQUESTS = 200;

  public double effectiveQuantile() {
    return quantile == null ? DEFAULT_QUANTILE : quantile;
  }

  public long effectiveMinRequests() {
    return minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }

  /** The same test as for errors, on requests slower than a bound. */
  public ErrorRateRule asSlowRequestRule(double maxSlowRatio) {
    return new ErrorRateRule(
        bucketMetric,
        bucketMetric,
        maxSlowRatio,
        baselineFactor,
        falseAlarmRate,
        effectiveMinRequests(),
        dryRun);
  }
}

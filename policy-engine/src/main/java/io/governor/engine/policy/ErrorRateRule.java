package io.governor.engine.policy;

/**
 * Fails a revision whose error ratio is above a ceiling, with the given confidence.
 *
 * @param requestsMetric counter of all requests, e.g. {@code http_requests_total}
 * @param errorsMetric counter of failed requests, e.g. {@code http_request_errors_total}
 * @param maxRatio the ceiling on errors / requests, between 0 and 1
 * @param minRequests no verdict before this many requests
 * @param confidence how sure the rule must be that the ratio is above the ceiling, e.g. 0.99
 * @param dryRun when true this rule's failures are recorded, not acted on
 */
public record ErrorRateRule(
    String requestsMetric,
    String errorsMetric,
    Double maxRatio,
    Long minRequests,
    Double confidence,
    Boolean dryRun) {

  public static final long DEFAULT_MIN_REQUESTS = 50;
  public static final double DEFAULT_CONFIDENCE = 0.99;

  public long effectiveMinRequests() {
    return minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
  }

  public double effectiveConfidence() {
    return confidence == null ? DEFAULT_CONFIDENCE : confidence;
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }
}

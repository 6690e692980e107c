package io.governor.engine.policy;

import java.time.Duration;

/**
 * How long a new revision is judged.
 *
 * @param duration judged at least this long after it appears (default 30 minutes)
 * @param postPromotionWatch and still this long after its rollout completes (default 10 minutes)
 * @param noData what happens when the revision sends no metrics
 * @param sourceError what happens when the metrics source reports it cannot scrape the revision
 * @param inconclusive what happens when the analysis ends without enough requests to judge
 */
public record AnalysisSettings(
    Duration duration,
    Duration postPromotionWatch,
    NoDataRule noData,
    SourceErrorRule sourceError,
    OutcomeRule inconclusive) {

  /** Settings with the default source-error and inconclusive outcomes. */
  public AnalysisSettings(Duration duration, Duration postPromotionWatch, NoDataRule noData) {
    this(duration, postPromotionWatch, noData, null, null);
  }

  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(30);
  public static final Duration DEFAULT_WATCH = Duration.ofMinutes(10);

  public static AnalysisSettings defaults() {
    return new AnalysisSettings(null, null, null);
  }

  public Duration effectiveDuration() {
    return duration == null ? DEFAULT_DURATION : duration;
  }

  public Duration effectivePostPromotionWatch() {
    return postPromotionWatch == null ? DEFAULT_WATCH : postPromotionWatch;
  }

  public SourceErrorRule effectiveSourceError() {
    return sourceError == null ? new SourceErrorRule(null, null, null) : sourceError;
  }

  public OutcomeRule effectiveInconclusive() {
    return inconclusive == null ? new OutcomeRule(null) : inconclusive;
  }

  public NoDataRule effectiveNoData() {
    return noData == null ? new NoDataRule(null, null) : noData;
  }
}

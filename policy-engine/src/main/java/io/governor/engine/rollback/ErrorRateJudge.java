package io.governor.engine.rollback;

import io.governor.engine.policy.ErrorRateRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Judges a revision's error ratio against a ceiling with a one-sided Wilson score interval: it
 * fails only when even the interval's lower bound is above the ceiling, so a handful of unlucky
 * requests is not enough, and it never judges before the rule's minimum sample.
 */
public final class ErrorRateJudge {

  public static final String RULE = "error-rate";

  private ErrorRateJudge() {}

  public static Judgement judge(ErrorRateRule rule, double requests, double errors) {
    double ceiling = rule.maxRatio();
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("maxRatio", ceiling);
    thresholds.put("minRequests", (double) rule.effectiveMinRequests());
    thresholds.put("confidence", rule.effectiveConfidence());
    Map<String, Double> observed = new LinkedHashMap<>();
    observed.put("requests", requests);
    observed.put("errors", errors);
    if (requests < rule.effectiveMinRequests()) {
      return new Judgement(
          RULE,
          Verdict.INCONCLUSIVE,
          observed,
          thresholds,
          String.format(
              "%.0f of %d requests needed before judging", requests, rule.effectiveMinRequests()));
    }
    // Errors can arrive before their requests when the two counters are scraped apart.
    double ratio = Math.min(1.0, errors / requests);
    double z = NormalQuantile.of(rule.effectiveConfidence());
    double lower = wilsonBound(ratio, requests, -z);
    double upper = wilsonBound(ratio, requests, z);
    observed.put("errorRatio", ratio);
    observed.put("lowerBound", lower);
    observed.put("upperBound", upper);
    observed.put("z", z);
    Verdict verdict =
        lower > ceiling ? Verdict.FAIL : upper < ceiling ? Verdict.PASS : Verdict.INCONCLUSIVE;
    String summary =
        String.format(
            "error ratio %.2f%% (%.0f of %.0f requests); at %.0f%% confidence it lies in"
                + " [%.2f%%, %.2f%%] against a ceiling of %.2f%%",
            ratio * 100,
            errors,
            requests,
            rule.effectiveConfidence() * 100,
            lower * 100,
            upper * 100,
            ceiling * 100);
    return new Judgement(RULE, verdict, observed, thresholds, summary);
  }

  /** The Wilson score bound of a binomial proportion; z below zero gives the lower bound. */
  static double wilsonBound(double ratio, double n, double z) {
    double z2 = z * z;
    double centre = ratio + z2 / (2 * n);
    double spread = z * Math.sqrt(ratio * (1 - ratio) / n + z2 / (4 * n * n));
    return Math.max(0, Math.min(1, (centre + spread) / (1 + z2 / n)));
  }
}

package io.governor.engine.rollback;

import io.governor.engine.policy.ErrorRateRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error-rate rule of one analysis, as two sequential tests updated with every new count.
 *
 * <ul>
 *   <li>Against the ceiling: each request of the revision is a trial; "good" is an error ratio at
 *       the ceiling, "bad" twice the ceiling.
 *   <li>Against the baseline, over the same time: given that an error happened in either revision,
 *       it fell in the new one with probability {@code n / (n + m)} when both are equally good (n,
 *       m their requests), and {@code f n / (f n + m)} when the new one is {@code f} times worse.
 *       Comparing like this cancels what both share: load, time of day, a failing dependency.
 * </ul>
 *
 * The false-alarm rate is split between the two tests. The revision fails when either test crosses
 * its bound, and never before the rule's minimum sample.
 */
final class SequentialErrorRate {

  static final String RULE = "error-rate";

  /** Most baseline requests from before the analysis that count in the comparison. */
  static final double HISTORY_CAP = 20_000;

  private final ErrorRateRule rule;
  private double historyRequests;
  private double historyErrors;
  private double historyStartRequests;
  private double historyStartErrors;
  private boolean historyKnown;
  private double pairedRequests;
  private double pairedErrors;
  private double previousBaseRequests;
  private final SequentialBounds bounds;
  private double ceilingLlr;
  private double baselineLlr;
  private double newRequests;
  private double newErrors;
  private double baseRequests;
  private double baseErrors;
  private double baselineExposure;
  private double baselineErrorCount;

  SequentialErrorRate(ErrorRateRule rule) {
    this(rule, 0, 0);
  }

  /**
   * @param historyRequests the baseline's requests seen before the analysis started
   * @param historyErrors its errors among them
   */
  SequentialErrorRate(ErrorRateRule rule, double historyRequests, double historyErrors) {
    this.rule = rule;
    // The baseline's own past sharpens the comparison; capped, so that a day-old rate does not
    // outweigh what both revisions show now.
    double kept = Math.min(historyRequests, HISTORY_CAP);
    this.historyRequests = kept;
    this.historyErrors = historyRequests == 0 ? 0 : historyErrors * kept / historyRequests;
    this.historyStartRequests = historyRequests;
    this.historyStartErrors = historyErrors;
    this.historyKnown = historyRequests > 0;
    this.bounds =
        new SequentialBounds(
            rule.effectiveFalseAlarmRate() / 2, SequentialBounds.DEFAULT_MISS_RATE);
  }

  /** Takes the revisions' counts so far (totals since the analysis started) and judges. */
  Judgement update(double requests, double errors, double baselineRequests, double baselineErrors) {
    // Counters only grow; errors never exceed requests, even when scraped a moment apart.
    double n = Math.max(newRequests, requests);
    double x = Math.max(newErrors, Math.min(errors, n));
    double m = Math.max(baseRequests, baselineRequests);
    double y = Math.max(baseErrors, Math.min(baselineErrors, m));

    double dn = n - newRequests;
    double dx = x - newErrors;
    double p0 = rule.maxRatio();
    double p1 = Math.min(2 * p0, (1 + p0) / 2);
    ceilingLlr =
        bounds.clamp(
            ceilingLlr + dx * Math.log(p1 / p0) + (dn - dx) * Math.log((1 - p1) / (1 - p0)));
    newRequests = n;
    newErrors = x;
    baseRequests = m;
    baseErrors = y;

    // The comparison: given an error in either revision, how likely it fell in the new one.
    if (!historyKnown && m > 0) {
      // The baseline was first seen after the analysis started: its counters hold its whole
      // life, which is its past, capped like any history.
      historyKnown = true;
      double kept = Math.min(m, HISTORY_CAP);
      historyRequests = kept;
      historyErrors = y * kept / m;
      historyStartRequests = m;
      historyStartErrors = y;
    }
    if (m > previousBaseRequests) {
      // Only new-revision counts from while the baseline also served are compared: once it stops
      // (its rollout completed), trouble both would share is no longer cancelled.
      pairedRequests = n;
      pairedErrors = x;
    }
    previousBaseRequests = m;
    double baseSince = Math.max(0, m - historyStartRequests);
    double baseErrorsSince = Math.max(0, y - historyStartErrors);
    double exposure = baseSince + historyRequests;
    double baseErrorCount = baseErrorsSince + historyErrors;
    baselineExposure = exposure;
    baselineErrorCount = baseErrorCount;
    if (pairedRequests > 0 && exposure > 0) {
      double factor = rule.effectiveBaselineFactor();
      double q0 = pairedRequests / (pairedRequests + exposure);
      double q1 = factor * pairedRequests / (factor * pairedRequests + exposure);
      baselineLlr =
          pairedErrors * Math.log(q1 / q0) + baseErrorCount * Math.log((1 - q1) / (1 - q0));
    }
    return judgement();
  }

  Judgement judgement() {
    boolean enough = newRequests >= rule.effectiveMinRequests();
    boolean aboveCeiling = enough && ceilingLlr >= bounds.fail();
    boolean aboveBaseline = enough && baselineLlr >= bounds.fail();
    Verdict verdict = aboveCeiling || aboveBaseline ? Verdict.FAIL : Verdict.INCONCLUSIVE;
    double ratio = newRequests == 0 ? 0 : newErrors / newRequests;
    double baseRatio = baselineExposure == 0 ? 0 : baselineErrorCount / baselineExposure;
    Map<String, Double> observed = new LinkedHashMap<>();
    observed.put("requests", newRequests);
    observed.put("errors", newErrors);
    observed.put("errorRatio", ratio);
    observed.put("baselineRequests", baselineExposure);
    observed.put("baselineErrors", baselineErrorCount);
    observed.put("baselineErrorRatio", baseRatio);
    observed.put("ceilingLogLikelihoodRatio", ceilingLlr);
    observed.put("baselineLogLikelihoodRatio", baselineLlr);
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("maxRatio", rule.maxRatio());
    thresholds.put("baselineFactor", rule.effectiveBaselineFactor());
    thresholds.put("falseAlarmRate", rule.effectiveFalseAlarmRate());
    thresholds.put("minRequests", (double) rule.effectiveMinRequests());
    thresholds.put("failAtLogLikelihoodRatio", bounds.fail());
    String summary;
    if (!enough) {
      summary =
          String.format(
              "%.0f of %d requests needed before judging",
              newRequests, rule.effectiveMinRequests());
    } else if (aboveCeiling) {
      summary =
          String.format(
              "error ratio %.2f%% (%.0f of %.0f requests) is above the %.2f%% ceiling"
                  + " (log-likelihood ratio %.1f >= %.1f)",
              ratio * 100,
              newErrors,
              newRequests,
              rule.maxRatio() * 100,
              ceilingLlr,
              bounds.fail());
    } else if (aboveBaseline) {
      String baseline =
          baseRatio == 0
              ? String.format(
                  "above the baseline, which had none in %.0f requests", baselineExposure)
              : String.format(
                  "%.1f times the baseline's %.2f%% (%.0f of %.0f)",
                  ratio / baseRatio, baseRatio * 100, baselineErrorCount, baselineExposure);
      summary =
          String.format(
              "error ratio %.2f%% (%.0f of %.0f) is %s, over the same time"
                  + " (log-likelihood ratio %.1f >= %.1f)",
              ratio * 100, newErrors, newRequests, baseline, baselineLlr, bounds.fail());
    } else {
      summary =
          String.format(
              "error ratio %.2f%% (%.0f of %.0f), baseline %.2f%%: no regression shown yet"
                  + " (log-likelihood ratios %.1f and %.1f of %.1f)",
              ratio * 100,
              newErrors,
              newRequests,
              baseRatio * 100,
              ceilingLlr,
              baselineLlr,
              bounds.fail());
    }
    return new Judgement(RULE, verdict, observed, thresholds, summary);
  }
}

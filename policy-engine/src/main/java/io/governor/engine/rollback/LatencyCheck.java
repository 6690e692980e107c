package io.governor.engine.rollback;

import io.governor.engine.policy.LatencyRule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The latency rule as counts of slow requests, so the same sequential tests as for errors apply:
 *
 * <ul>
 *   <li>against the ceiling: a request slower than the ceiling's bucket is an "error"; at most
 *       {@code 1 - quantile} of them is good;
 *   <li>against the baseline: a request slower than the bucket that holds the baseline's quantile
 *       (fixed once the baseline has enough requests) is an "error", compared between the revisions
 *       like errors are.
 * </ul>
 */
final class LatencyCheck implements RevisionTest {

  static final String RULE = "latency";

  private final LatencyRule rule;
  private final SequentialErrorRate vsCeiling;
  private final double ceilingBound;
  private SequentialErrorRate vsBaseline;
  private double baselineBound = Double.NaN;
  // When slow requests were first seen. Buckets say how many, not when: the newest sample of the
  // judgement that first saw them is the nearest time they give.
  private Instant firstAboveCeilingAt;
  private Instant firstAboveBaselineBoundAt;

  LatencyCheck(LatencyRule rule) {
    this.rule = rule;
    this.ceilingBound = rule.maxSeconds() == null ? Double.NaN : rule.maxSeconds();
    this.vsCeiling =
        rule.maxSeconds() == null
            ? null
            : new SequentialErrorRate(rule.asSlowRequestRule(1 - rule.effectiveQuantile()));
  }

  @Override
  public Judgement judge(RevisionCounters revision, RevisionCounters baseline) {
    NavigableMap<Double, Double> mine = revision.buckets(rule.bucketMetric());
    NavigableMap<Double, Double> theirs = baseline.buckets(rule.bucketMetric());
    double q = rule.effectiveQuantile();
    double total = HistogramQuantile.total(mine);
    Judgement ceiling = null;
    if (vsCeiling != null && !mine.isEmpty()) {
      double bound = HistogramQuantile.boundAtOrAbove(mine, ceilingBound);
      double slow = HistogramQuantile.above(mine, bound);
      ceiling = vsCeiling.update(total, slow, 0, 0);
      if (slow > 0 && firstAboveCeilingAt == null) {
        firstAboveCeilingAt = revision.lastSampleAt();
      }
    }
    Judgement versusBaseline = null;
    double baseTotal = HistogramQuantile.total(theirs);
    if (vsBaseline == null && baseTotal >= 10 / (1 - q)) {
      // Enough baseline requests to know its quantile: fix the bucket that holds it.
      baselineBound = HistogramQuantile.boundAtOrAbove(theirs, HistogramQuantile.of(q, theirs));
      if (!Double.isInfinite(baselineBound)) {
        vsBaseline =
            new SequentialErrorRate(
                rule.asSlowRequestRule(0.5),
                baseTotal,
                HistogramQuantile.above(theirs, baselineBound));
      }
    }
    if (vsBaseline != null && !mine.isEmpty()) {
      double slow = HistogramQuantile.above(mine, baselineBound);
      versusBaseline =
          vsBaseline.update(total, slow, baseTotal, HistogramQuantile.above(theirs, baselineBound));
      if (slow > 0 && firstAboveBaselineBoundAt == null) {
        firstAboveBaselineBoundAt = revision.lastSampleAt();
      }
    }
    boolean enough = total >= rule.effectiveMinRequests();
    boolean failed =
        enough
            && ((ceiling != null && ceiling.verdict() == Verdict.FAIL)
                || (versusBaseline != null && versusBaseline.verdict() == Verdict.FAIL));
    return judgement(mine, theirs, total, ceiling, versusBaseline, failed, enough)
        .since(firstSlowAt(ceiling, versusBaseline));
  }

  /** When the first request slower than the failing test's bound was seen; else the earliest. */
  private Instant firstSlowAt(Judgement ceiling, Judgement versusBaseline) {
    if (ceiling != null && ceiling.verdict() == Verdict.FAIL) {
      return firstAboveCeilingAt;
    }
    if ((versusBaseline != null && versusBaseline.verdict() == Verdict.FAIL)
        || firstAboveCeilingAt == null) {
      return firstAboveBaselineBoundAt;
    }
    if (firstAboveBaselineBoundAt == null) {
      return firstAboveCeilingAt;
    }
    return firstAboveBaselineBoundAt.isBefore(firstAboveCeilingAt)
        ? firstAboveBaselineBoundAt
        : firstAboveCeilingAt;
  }

  private Judgement judgement(
      NavigableMap<Double, Double> mine,
      NavigableMap<Double, Double> theirs,
      double total,
      Judgement ceiling,
      Judgement versusBaseline,
      boolean failed,
      boolean enough) {
    double q = rule.effectiveQuantile();
    double quantile = HistogramQuantile.of(q, mine);
    double baseQuantile = HistogramQuantile.of(q, theirs);
    Map<String, Double> observed = new LinkedHashMap<>();
    observed.put("requests", total);
    observed.put("quantileSeconds", quantile);
    observed.put("baselineQuantileSeconds", baseQuantile);
    if (versusBaseline != null) {
      observed.put("slowerThanBaselineBound", versusBaseline.observed().get("errors"));
      observed.put("baselineSlowerThanBound", versusBaseline.observed().get("baselineErrors"));
      observed.put(
          "baselineLogLikelihoodRatio",
          versusBaseline.observed().get("baselineLogLikelihoodRatio"));
    }
    if (ceiling != null) {
      observed.put("slowerThanCeiling", ceiling.observed().get("errors"));
      observed.put(
          "ceilingLogLikelihoodRatio", ceiling.observed().get("ceilingLogLikelihoodRatio"));
    }
    Map<String, Double> thresholds = new LinkedHashMap<>();
    thresholds.put("quantile", q);
    if (rule.maxSeconds() != null) {
      thresholds.put("maxSeconds", rule.maxSeconds());
    }
    thresholds.put("baselineBoundSeconds", baselineBound);
    thresholds.put("minRequests", (double) rule.effectiveMinRequests());
    Judgement source =
        ceiling != null && ceiling.verdict() == Verdict.FAIL ? ceiling : versusBaseline;
    if (source != null) {
      thresholds.put(
          "failAtLogLikelihoodRatio", source.thresholds().get("failAtLogLikelihoodRatio"));
    }
    String name = "p" + Math.round(q * 100);
    String summary;
    if (!enough) {
      summary =
          String.format(
              "%.0f of %d requests needed before judging latency",
              total, rule.effectiveMinRequests());
    } else if (failed && ceiling != null && ceiling.verdict() == Verdict.FAIL) {
      summary =
          String.format(
              "%s %.3f s is above the %.3f s ceiling (%.0f of %.0f requests slower)",
              name, quantile, rule.maxSeconds(), ceiling.observed().get("errors"), total);
    } else if (failed) {
      summary =
          String.format(
              "%s %.3f s against the baseline's %.3f s: %.0f of %.0f requests slower than %.3f s,"
                  + " where the baseline had %.2f%%",
              name,
              quantile,
              baseQuantile,
              versusBaseline.observed().get("errors"),
              total,
              baselineBound,
              100 * versusBaseline.observed().get("baselineErrorRatio"));
    } else {
      summary =
          String.format(
              "%s %.3f s, baseline %.3f s: no regression shown yet", name, quantile, baseQuantile);
    }
    return new Judgement(
        RULE, failed ? Verdict.FAIL : Verdict.INCONCLUSIVE, observed, thresholds, summary);
  }

  @Override
  public boolean sampledEnough(RevisionCounters revision) {
    return HistogramQuantile.total(revision.buckets(rule.bucketMetric()))
        >= rule.effectiveMinRequests();
  }

  @Override
  public boolean dryRun() {
    return rule.isDryRun();
  }
}

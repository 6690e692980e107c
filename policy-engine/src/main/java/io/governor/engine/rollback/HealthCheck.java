package io.governor.engine.rollback;

import io.governor.engine.policy.HealthRule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health rule: restarts of the revision's containers during the analysis (a crash loop), and,
 * when configured, too few ready replicas for too long.
 */
final class HealthCheck implements RevisionTest {

  static final String RULE = "health";
  static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  private final HealthRule rule;
  private Instant notReadySince;

  HealthCheck(HealthRule rule) {
    this.rule = rule;
  }

  @Override
  public Judgement judge(RevisionCounters revision, RevisionCounters baseline) {
    double restarts = revision.increase(rule.effectiveRestartsMetric());
    // A container waiting in CrashLoopBackOff has crashed once more than it has restarted: the
    // kubelet only waits out its back-off. Counting it decides one back-off (10 s, 20 s, 40 s...)
    // sooner.
    double backingOff =
        revision.gauge(rule.effectiveBackOffMetric(), "reason", CRASH_LOOP_BACK_OFF);
    double crashes = restarts + (Double.isNaN(backingOff) ? 0 : backingOff);
    Map<String, Double> observed = new LinkedHashMap<>();
    Map<String, Double> thresholds = new LinkedHashMap<>();
    observed.put("restarts", restarts);
    observed.put("containersInCrashLoopBackOff", Double.isNaN(backingOff) ? 0 : backingOff);
    observed.put("crashes", crashes);
    observed.put("baselineRestarts", baseline.increase(rule.effectiveRestartsMetric()));
    thresholds.put("maxRestarts", (double) rule.effectiveMaxRestarts());
    Instant firstCrashAt = firstCrashAt(revision);
    if (crashes >= rule.effectiveMaxRestarts()) {
      return new Judgement(
          RULE,
          Verdict.FAIL,
          observed,
          thresholds,
          String.format(
              "%.0f crashes of the revision's containers during the analysis: %.0f restarts, %.0f"
                  + " waiting in CrashLoopBackOff (crash loop at %d)",
              crashes, restarts, crashes - restarts, rule.effectiveMaxRestarts()),
          firstCrashAt);
    }
    if (rule.readyMetric() != null && rule.desiredMetric() != null) {
      double ready = revision.gauge(rule.readyMetric());
      double desired = revision.gauge(rule.desiredMetric());
      Instant at = revision.gaugeAt(rule.readyMetric());
      if (!Double.isNaN(ready) && !Double.isNaN(desired) && desired > 0 && at != null) {
        double ratio = ready / desired;
        observed.put("readyRatio", ratio);
        thresholds.put("minReadyRatio", rule.effectiveMinReadyRatio());
        thresholds.put("maxSecondsNotReady", (double) rule.effectiveNotReadyFor().toSeconds());
        if (ratio >= rule.effectiveMinReadyRatio()) {
          notReadySince = null;
        } else if (notReadySince == null) {
          notReadySince = at;
        }
        if (notReadySince != null) {
          Duration below = Duration.between(notReadySince, at);
          observed.put("secondsNotReady", (double) below.toSeconds());
          if (below.compareTo(rule.effectiveNotReadyFor()) >= 0) {
            return new Judgement(
                RULE,
                Verdict.FAIL,
                observed,
                thresholds,
                String.format(
                    "%.0f of %.0f replicas ready (%.0f%%) for %d s, below %.0f%%",
                    ready,
                    desired,
                    ratio * 100,
                    below.toSeconds(),
                    rule.effectiveMinReadyRatio() * 100),
                notReadySince);
          }
        }
      }
    }
    return new Judgement(
        RULE,
        Verdict.INCONCLUSIVE,
        observed,
        thresholds,
        String.format(
            "%.0f crashes (crash loop at %d)%s",
            crashes,
            rule.effectiveMaxRestarts(),
            observed.containsKey("readyRatio")
                ? String.format(", %.0f%% of replicas ready", observed.get("readyRatio") * 100)
                : ""),
        firstCrashAt != null ? firstCrashAt : notReadySince);
  }

  /** When the first restart, or the first wait in CrashLoopBackOff, was sampled; null if none. */
  private Instant firstCrashAt(RevisionCounters revision) {
    Instant restarted = revision.firstIncreaseAt(rule.effectiveRestartsMetric());
    Instant backingOff =
        revision.gaugeFirstAboveZeroAt(
            rule.effectiveBackOffMetric(), "reason", CRASH_LOOP_BACK_OFF);
    if (restarted == null || (backingOff != null && backingOff.isBefore(restarted))) {
      return backingOff;
    }
    return restarted;
  }

  @Override
  public boolean dryRun() {
    return rule.isDryRun();
  }
}

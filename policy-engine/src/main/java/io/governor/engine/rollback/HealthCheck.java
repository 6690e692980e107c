package io.governor.engine.rollback;

import io.governor.engine.policy.HealthRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** The crash-loop rule: restarts of the revision's containers during the analysis. */
final class HealthCheck implements RevisionTest {

  static final String RULE = "health";

  private final HealthRule rule;

  HealthCheck(HealthRule rule) {
    this.rule = rule;
  }

  @Override
  public Judgement judge(RevisionCounters revision, RevisionCounters baseline) {
    double restarts = revision.increase(rule.effectiveRestartsMetric());
    Map<String, Double> observed = new LinkedHashMap<>();
    observed.put("restarts", restarts);
    observed.put("baselineRestarts", baseline.increase(rule.effectiveRestartsMetric()));
    boolean crashing = restarts >= rule.effectiveMaxRestarts();
    return new Judgement(
        RULE,
        crashing ? Verdict.FAIL : Verdict.INCONCLUSIVE,
        observed,
        Map.of("maxRestarts", (double) rule.effectiveMaxRestarts()),
        String.format(
            "%.0f container restarts of the revision during the analysis (crash loop at %d)",
            restarts, rule.effectiveMaxRestarts()));
  }

  @Override
  public boolean dryRun() {
    return rule.isDryRun();
  }
}

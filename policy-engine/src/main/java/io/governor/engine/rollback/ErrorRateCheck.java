package io.governor.engine.rollback;

import io.governor.engine.policy.ErrorRateRule;

/** The error-rate rule on a revision's request and error counters. */
final class ErrorRateCheck implements RevisionTest {

  private final ErrorRateRule rule;
  private final SequentialErrorRate test;

  ErrorRateCheck(ErrorRateRule rule, RevisionCounters baselineAtStart) {
    this.rule = rule;
    this.test =
        new SequentialErrorRate(
            rule,
            baselineAtStart.increase(rule.requestsMetric()),
            baselineAtStart.increase(rule.errorsMetric()));
  }

  @Override
  public Judgement judge(RevisionCounters revision, RevisionCounters baseline) {
    return test.update(
            revision.increase(rule.requestsMetric()),
            revision.increase(rule.errorsMetric()),
            baseline.increase(rule.requestsMetric()),
            baseline.increase(rule.errorsMetric()))
        .since(revision.firstIncreaseAt(rule.errorsMetric()));
  }

  @Override
  public boolean sampledEnough(RevisionCounters revision) {
    return revision.increase(rule.requestsMetric()) >= rule.effectiveMinRequests();
  }

  @Override
  public boolean dryRun() {
    return rule.isDryRun();
  }
}

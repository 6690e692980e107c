package io.governor.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.http.Violation;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

  @Test
  void aCompletePolicyIsValid() {
    Policy policy =
        new Policy(
            "checkout-errors",
            new PolicyTarget("shop", null, "checkout"),
            null,
            new RollbackPolicy(
                null,
                new ErrorRateRule(
                    "http_requests_total", "http_errors_total", 0.05, null, null, null, null),
                null,
                null));

    assertThat(PolicyValidator.validate(policy)).isEmpty();
  }

  @Test
  void everyFieldAtFaultIsNamed() {
    Policy policy =
        new Policy(
            "Checkout Errors",
            new PolicyTarget(null, "deployment", "checkout"),
            PolicyMode.ENFORCE,
            new RollbackPolicy(
                new AnalysisSettings(java.time.Duration.ZERO, null, null),
                new ErrorRateRule("http requests", null, 5.0, 1.0, 0.5, 0L, null),
                null,
                null));

    assertThat(PolicyValidator.validate(policy))
        .extracting(Violation::field)
        .containsExactly(
            "name",
            "target.namespace",
            "target.kind",
            "rollback.errorRate.requestsMetric",
            "rollback.errorRate.errorsMetric",
            "rollback.errorRate.maxRatio",
            "rollback.errorRate.baselineFactor",
            "rollback.errorRate.falseAlarmRate",
            "rollback.errorRate.minRequests",
            "rollback.analysis.duration");
  }

  @Test
  void aPolicyWithoutRulesIsRejected() {
    Policy policy = new Policy("empty", new PolicyTarget("shop", null, "checkout"), null, null);

    assertThat(PolicyValidator.validate(policy))
        .extracting(Violation::field)
        .containsExactly("rollback");
  }
}

package io.governor.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.http.Violation;
import io.governor.engine.policy.ScalingPolicy.Behavior;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.Predictive;
import io.governor.engine.policy.ScalingPolicy.RatePolicy;
import io.governor.engine.policy.ScalingPolicy.RateType;
import io.governor.engine.policy.ScalingPolicy.Rules;
import io.governor.engine.policy.ScalingPolicy.Schedule;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingValidatorTest {

  private static final PolicyTarget PAYMENTS = new PolicyTarget("shop", null, "payments");

  @Test
  void aScalingOnlyPolicyIsValid() {
    ScalingPolicy scaling =
        new ScalingPolicy(
            2,
            40,
            List.of(new MetricTarget("http_requests_per_second", TargetType.AVERAGE_VALUE, 50.0)),
            null,
            null,
            null,
            List.of(
                new Schedule(
                    "business-hours",
                    "0 8 * * MON-FRI",
                    "0 18 * * MON-FRI",
                    null,
                    "Europe/Berlin",
                    10,
                    30)),
            new Predictive("http_requests_per_second", null, null, null),
            null,
            null);

    assertThat(PolicyValidator.validate(new Policy("payments", PAYMENTS, null, null, scaling)))
        .isEmpty();
  }

  @Test
  void everyScalingFieldAtFaultIsNamed() {
    ScalingPolicy scaling =
        new ScalingPolicy(
            50,
            40,
            List.of(new MetricTarget("cpu usage", null, 0.0)),
            1.5,
            new Behavior(
                new Rules(
                    Duration.ofHours(2),
                    null,
                    List.of(new RatePolicy(RateType.PODS, 0, Duration.ZERO))),
                null),
            null,
            List.of(new Schedule("nights", "0 25 * * *", null, null, "Mars/Olympus", 60, 1)),
            new Predictive("rps", null, Duration.ofSeconds(10), Duration.ofHours(1)),
            null,
            null);

    assertThat(
            PolicyValidator.validate(
                new Policy(
                    "payments",
                    new PolicyTarget("shop", null, null, Map.of("app", "payments")),
                    null,
                    null,
                    scaling)))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "scaling.minReplicas",
            "target.name",
            "scaling.tolerance",
            "scaling.metrics[0].name",
            "scaling.metrics[0].type",
            "scaling.metrics[0].value",
            "scaling.behavior.scaleUp.stabilizationWindow",
            "scaling.behavior.scaleUp.policies[0].value",
            "scaling.behavior.scaleUp.policies[0].period",
            "scaling.schedules[0].start",
            "scaling.schedules[0].end",
            "scaling.schedules[0].timeZone",
            "scaling.schedules[0].minReplicas",
            "scaling.schedules[0].maxReplicas",
            "scaling.predictive.metric",
            "scaling.predictive.lookahead",
            "scaling.predictive.warmUp");
  }

  @Test
  void aCronExpressionIsReadAsTheSchedulerReadsIt() {
    Schedule thirtiethOfFebruary =
        new Schedule("never", "0 8 30 2 *", null, Duration.ofHours(1), "UTC", 2, null);
    ScalingPolicy scaling =
        new ScalingPolicy(
            1, 10, null, null, null, null, List.of(thirtiethOfFebruary), null, null, null);

    assertThat(PolicyValidator.validate(new Policy("p", PAYMENTS, null, null, scaling)))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.field()).isEqualTo("scaling.schedules[0].start");
              assertThat(violation.message()).contains("day-of-month");
            });
  }
}

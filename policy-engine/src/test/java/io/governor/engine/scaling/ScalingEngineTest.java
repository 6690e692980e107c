package io.governor.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.Decision;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.PolicyTarget;
import io.governor.engine.policy.ScalingPolicy;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import io.governor.engine.policy.StoredPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingEngineTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final WorkloadId PAYMENTS = WorkloadId.parse("shop/Deployment/payments");

  private final ScalingEngine engine = new ScalingEngine();

  private static StoredPolicy policy(PolicyMode mode, long version) {
    ScalingPolicy scaling =
        new ScalingPolicy(
            2,
            20,
            List.of(new MetricTarget("rps", TargetType.AVERAGE_VALUE, 50.0)),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new StoredPolicy(
        new Policy(
            "payments-scaling", new PolicyTarget("shop", null, "payments"), mode, null, scaling),
        version,
        T0,
        "alice");
  }

  @Test
  void aDryRunDecidesOnceNotOnEveryTick() {
    // Given a dry-run policy and load for 9 replicas at 6
    engine.onPolicies(List.of(policy(PolicyMode.DRY_RUN, 1)));
    List<Decision> decisions = new ArrayList<>();

    // When a minute of ticks go by, the gauge staying at 6 (nothing is applied)
    for (int step = 0; step < 6; step++) {
      Instant now = T0.plusSeconds(10L * step);
      load(430, 6, now);
      decisions.addAll(engine.onTick(now));
      decisions.forEach(engine::confirm);
    }

    // Then there is one dry-run decision for 9
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).dryRun()).isTrue();
    assertThat(decisions.get(0).target().replicas()).isEqualTo(9);
  }

  @Test
  void theSameInstantAgainGivesTheSameUnconfirmedDecisions() {
    engine.onPolicies(List.of(policy(PolicyMode.ENFORCE, 1)));
    load(430, 6, T0);

    // When the tick is retried (or another partition's tick of the same instant arrives)
    List<Decision> first = engine.onTick(T0);
    List<Decision> again = engine.onTick(T0);

    // Then the decisions are the same, with the same ids, until confirmed
    assertThat(first).hasSize(1);
    assertThat(again).isEqualTo(first);
    engine.confirm(first.get(0));
    assertThat(engine.onTick(T0)).isEmpty();
  }

  @Test
  void aDecisionNotAppliedIsMadeAgainOnlyAfterAWhile() {
    // Given a decision for 9 that the actuator never applied (refused: the gauge stays at 6)
    engine.onPolicies(List.of(policy(PolicyMode.ENFORCE, 1)));
    load(430, 6, T0);
    engine.onTick(T0).forEach(engine::confirm);

    // Then no decision follows while it may still be applied
    for (int minute = 1; minute < 10; minute++) {
      Instant now = T0.plus(Duration.ofMinutes(minute));
      load(430, 6, now);
      assertThat(engine.onTick(now)).as("after %d minutes", minute).isEmpty();
    }
    // And after ten minutes it is decided again, with a new id
    Instant later = T0.plus(Duration.ofMinutes(10));
    load(430, 6, later);
    assertThat(engine.onTick(later))
        .singleElement()
        .satisfies(d -> assertThat(d.target().replicas()).isEqualTo(9));
  }

  @Test
  void aRevokedWorkloadIsForgottenAndDecidesNothingHere() {
    engine.onPolicies(List.of(policy(PolicyMode.ENFORCE, 1)));
    load(430, 6, T0);

    // When its partition goes to another instance
    engine.drop(PAYMENTS::equals);

    // Then this instance neither decides nor explains it
    assertThat(engine.onTick(T0)).isEmpty();
    assertThat(engine.view(PAYMENTS, T0, 1)).isEmpty();
  }

  @Test
  void aDeletedPolicyStopsTheScaling() {
    engine.onPolicies(List.of(policy(PolicyMode.ENFORCE, 1)));
    load(430, 6, T0);

    engine.onPolicies(List.of());

    assertThat(engine.onTick(T0)).isEmpty();
    assertThat(engine.view(PAYMENTS, T0, 1)).isEmpty();
  }

  private void load(double rps, int replicas, Instant at) {
    engine.onMetrics(
        new MetricBatch(
            PAYMENTS,
            List.of(
                new MetricSample(null, "rps", MetricType.GAUGE, Map.of(), rps, at),
                new MetricSample(
                    null,
                    "kube_deployment_spec_replicas",
                    MetricType.GAUGE,
                    Map.of(),
                    replicas,
                    at))));
  }
}

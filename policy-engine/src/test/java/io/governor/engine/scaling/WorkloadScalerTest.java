package io.governor.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.engine.policy.ScalingPolicy;
import io.governor.engine.policy.ScalingPolicy.Fallback;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.Predictive;
import io.governor.engine.policy.ScalingPolicy.PredictiveMode;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadScalerTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final MetricTarget RPS = new MetricTarget("rps", TargetType.AVERAGE_VALUE, 50.0);

  private static ScalingPolicy policy(Fallback fallback, Predictive predictive) {
    return new ScalingPolicy(
        2, 20, List.of(RPS), null, null, fallback, null, predictive, null, null);
  }

  @Test
  void theMetricsCountWithEveryInputAsEvidence() {
    WorkloadScaler scaler = new WorkloadScaler(policy(null, null));
    rps(scaler, 430, T0);

    ScalingView view = scaler.evaluate(T0.plusSeconds(5));

    // 430 / 50 asks for 9; from 2, the HPA's rate limit allows max(2 + 4, 2 * 2) = 6 at first
    assertThat(view.combined()).isEqualTo(9);
    assertThat(view.desiredReplicas()).isEqualTo(6);
    assertThat(view.inputs())
        .containsEntry("targetTracking", 9.0)
        .containsEntry("target.rps", 50.0)
        .containsEntry("desiredReplicas", 6.0);
    assertThat(view.reason()).contains("target tracking 9").contains("behavior allows 6");
  }

  @Test
  void aScheduleWindowSetsAFloorAndACeilingUntilItEnds() {
    // Given load for 3 replicas and a window with floor 8 until 11:00
    WorkloadScaler scaler = new WorkloadScaler(policy(null, null));
    rps(scaler, 140, T0);
    scaler.openWindow("business-hours", 8, 12, T0.plus(Duration.ofHours(1)));

    // Then the floor holds while it is open (reached in two rate-limited steps)
    ScalingView open = scaler.evaluate(T0.plusSeconds(5));
    assertThat(open.scheduleFloor()).isEqualTo(8);
    assertThat(open.combined()).isEqualTo(8);
    scaler.scaled(2, open.desiredReplicas(), T0.plusSeconds(5));
    assertThat(scaler.evaluate(T0.plusSeconds(20)).desiredReplicas()).isEqualTo(8);
    scaler.scaled(open.desiredReplicas(), 8, T0.plusSeconds(20));

    // And a load for 16 is capped at the window's ceiling of 12
    rps(scaler, 800, T0.plusSeconds(60));
    assertThat(scaler.evaluate(T0.plusSeconds(65)).desiredReplicas()).isEqualTo(12);

    // And once it ended, the floor is gone (after the scale-down stabilisation)
    rps(scaler, 140, T0.plus(Duration.ofHours(1)));
    ScalingView after = scaler.evaluate(T0.plus(Duration.ofHours(1)).plusSeconds(5));
    assertThat(after.scheduleFloor()).isNull();
    assertThat(after.openWindows()).isEmpty();
  }

  @Test
  void metricsFailingForLongHoldTheFallbackButNeverLower() {
    WorkloadScaler scaler =
        new WorkloadScaler(policy(new Fallback(Duration.ofMinutes(5), 6), null));
    rps(scaler, 140, T0);
    scaler.evaluate(T0);
    scaler.scaled(2, 3, T0);

    // The metric stops: stale after 2 minutes, then the fallback's 5 minutes hold 6 replicas
    ScalingView stale = scaler.evaluate(T0.plus(Duration.ofMinutes(3)));
    assertThat(stale.missingMetrics()).containsExactly("rps");
    assertThat(stale.fallback()).isNull();
    assertThat(stale.desiredReplicas()).isEqualTo(3);
    ScalingView failing = scaler.evaluate(T0.plus(Duration.ofMinutes(8)));
    assertThat(failing.fallback()).isEqualTo(6);
    assertThat(failing.missingMetrics()).containsExactly("rps");
    assertThat(failing.desiredReplicas()).isEqualTo(6);
  }

  @Test
  void aWarmForecastRaisesCapacityAheadOfTheRampButNeverLowersIt() {
    // Given two days of 100 rps at night and 1000 rps from 08:00, forecast-and-scale 5 min ahead
    Predictive predictive =
        new Predictive("rps", PredictiveMode.FORECAST_AND_SCALE, Duration.ofMinutes(5), null);
    WorkloadScaler scaler = new WorkloadScaler(policy(null, predictive));
    Instant midnight = Instant.parse("2026-11-25T00:00:00Z");
    Instant now = midnight.plus(Duration.ofDays(2)).plus(Duration.ofHours(8)).minusSeconds(180);
    for (Instant at = midnight; at.isBefore(now); at = at.plusSeconds(60)) {
      long ofDay = (at.getEpochSecond() / 60) % 1440;
      rps(scaler, ofDay >= 480 && ofDay < 1080 ? 1000 : 100, at);
    }

    // When it is 07:57 and the load is still at night's level
    ScalingView view = scaler.evaluate(now);

    // Then the forecast asks for the morning's 20 replicas now
    assertThat(view.forecast().warm()).isTrue();
    assertThat(view.forecast().replicas()).isEqualTo(20);
    assertThat(view.targetTracking()).isEqualTo(2);
    assertThat(view.desiredReplicas()).isGreaterThan(2);
  }

  @Test
  void beforeItsWarmUpTheForecastSaysSoAndDoesNotAct() {
    Predictive predictive =
        new Predictive("rps", PredictiveMode.FORECAST_AND_SCALE, null, Duration.ofDays(7));
    WorkloadScaler scaler = new WorkloadScaler(policy(null, predictive));
    rps(scaler, 100, T0);

    ScalingView view = scaler.evaluate(T0.plusSeconds(5));

    assertThat(view.forecast().warm()).isFalse();
    assertThat(view.forecast().acting()).isFalse();
    assertThat(view.forecast().warmUpLeft()).isGreaterThan(Duration.ofDays(6));
  }

  private static void rps(WorkloadScaler scaler, double value, Instant at) {
    scaler.observe(new MetricSample("", "rps", MetricType.GAUGE, Map.of(), value, at));
  }
}

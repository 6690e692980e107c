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
  private static final Predictive FORECAST =
      new Predictive("rps", PredictiveMode.FORECAST_AND_SCALE, Duration.ofMinutes(5), null);

  private static ScalingPolicy policy(Fallback fallback, Predictive predictive) {
    return new ScalingPolicy(
        2, 20, List.of(RPS), null, null, fallback, null, predictive, null, null);
  }

  private static WorkloadScaler scaler(Fallback fallback, Predictive predictive) {
    return new WorkloadScaler(policy(fallback, predictive), "Deployment");
  }

  @Test
  void theMetricsCountWithEveryInputAsEvidence() {
    // Given 2 replicas that see 430 requests per second
    WorkloadScaler scaler = scaler(null, null);
    replicas(scaler, 2, T0);
    rps(scaler, 430, T0);

    // When it is judged
    ScalingView view = scaler.evaluate(T0.plusSeconds(5));

    // Then 430 / 50 asks for 9; from 2, the HPA's rate limit allows max(2 + 4, 2 * 2) = 6 first
    assertThat(view.combined()).isEqualTo(9);
    assertThat(view.desiredReplicas()).isEqualTo(6);
    assertThat(view.inputs())
        .containsEntry("currentReplicas", 2.0)
        .containsEntry("targetTracking", 9.0)
        .containsEntry("target.rps", 50.0)
        .containsEntry("desiredReplicas", 6.0);
    assertThat(view.reason()).contains("target tracking 9").contains("behavior allows 6");
  }

  @Test
  void withoutAKnownCountNothingIsDecided() {
    // Given load, but no replicas gauge: after a restart the count could be anything
    WorkloadScaler scaler = scaler(null, null);
    rps(scaler, 430, T0);

    // When it is judged
    ScalingView view = scaler.evaluate(T0.plusSeconds(5));

    // Then it says so and asks for nothing
    assertThat(view.currentReplicas()).isNull();
    assertThat(view.changes()).isFalse();
    assertThat(view.reason()).contains("kube_deployment_spec_replicas").contains("unknown");
  }

  @Test
  void aCountJustSetIsCurrentUntilTheGaugeShowsIt() {
    // Given 2 replicas scaled to 6 a moment ago; the gauge still shows 2
    WorkloadScaler scaler = scaler(null, null);
    replicas(scaler, 2, T0);
    rps(scaler, 430, T0);
    scaler.evaluate(T0.plusSeconds(5));
    scaler.scaled(2, 6, T0.plusSeconds(5));
    replicas(scaler, 2, T0.plusSeconds(10));
    rps(scaler, 430, T0.plusSeconds(10));

    // Then the next evaluation starts from 6, and goes on to 9
    ScalingView view = scaler.evaluate(T0.plusSeconds(20));
    assertThat(view.currentReplicas()).isEqualTo(6);
    assertThat(view.desiredReplicas()).isEqualTo(9);
  }

  @Test
  void podsThatStopReportingNeverLetTheCountGoDown() {
    // Given 4 pods at 25 rps each, at 4 replicas
    WorkloadScaler scaler = scaler(null, null);
    for (int pod = 0; pod < 4; pod++) {
      rps(scaler, "pod-" + pod, 25, T0);
    }
    replicas(scaler, 4, T0);

    // When two of them stop reporting, and the others stay at 25 for ten minutes
    Instant now = T0;
    ScalingView view = null;
    for (int step = 1; step <= 40; step++) {
      now = T0.plusSeconds(15L * step);
      rps(scaler, "pod-0", 25, now);
      rps(scaler, "pod-1", 25, now);
      replicas(scaler, 4, now);
      view = scaler.evaluate(now);
    }

    // Then the count stays at 4 and the metric is named as missing some of its series
    assertThat(view.desiredReplicas()).isEqualTo(4);
    assertThat(view.missingMetrics()).containsExactly("rps");
  }

  @Test
  void aScheduleWindowSetsAFloorAndACeilingUntilItEnds() {
    // Given load for 3 replicas and a window with floor 8 and ceiling 12 until 11:00
    WorkloadScaler scaler = scaler(null, null);
    replicas(scaler, 3, T0);
    rps(scaler, 140, T0);
    scaler.openWindow("business-hours", 8, 12, T0.plus(Duration.ofHours(1)));

    // Then the floor holds while it is open
    ScalingView open = scaler.evaluate(T0.plusSeconds(5));
    assertThat(open.scheduleFloor()).isEqualTo(8);
    assertThat(open.desiredReplicas()).isEqualTo(7);
    scaler.scaled(3, 7, T0.plusSeconds(5));
    assertThat(scaler.evaluate(T0.plusSeconds(20)).desiredReplicas()).isEqualTo(8);
    scaler.scaled(7, 8, T0.plusSeconds(20));

    // And a load for 16 is capped at the window's ceiling of 12
    replicas(scaler, 8, T0.plusSeconds(60));
    rps(scaler, 800, T0.plusSeconds(60));
    assertThat(scaler.evaluate(T0.plusSeconds(65)).desiredReplicas()).isEqualTo(12);
    scaler.scaled(8, 12, T0.plusSeconds(65));

    // And once it ended and the load fell, the count goes down 300 s (the scale-down
    // stabilisation) after the last evaluation that still asked for 12
    Instant end = T0.plus(Duration.ofHours(1));
    Instant firstDown = null;
    ScalingView last = null;
    for (Instant at = T0.plusSeconds(80);
        at.isBefore(end.plusSeconds(400));
        at = at.plusSeconds(15)) {
      replicas(scaler, 12, at);
      rps(scaler, at.isBefore(end) ? 600 : 140, at);
      last = scaler.evaluate(at);
      if (firstDown == null && last.desiredReplicas() < 12) {
        firstDown = at;
      }
    }
    assertThat(firstDown).isBetween(end.plusSeconds(285), end.plusSeconds(300));
    assertThat(last.scheduleFloor()).isNull();
    assertThat(last.openWindows()).isEmpty();
    assertThat(last.desiredReplicas()).isEqualTo(3);
  }

  @Test
  void metricsFailingForLongHoldTheFallbackButNeverLower() {
    // Given 3 replicas and a fallback of 6 after 5 minutes
    WorkloadScaler scaler = scaler(new Fallback(Duration.ofMinutes(5), 6), null);
    replicas(scaler, 3, T0);
    rps(scaler, 140, T0);
    scaler.evaluate(T0);

    // When the metric stops: stale after 2 minutes, the count is held
    replicas(scaler, 3, T0.plus(Duration.ofMinutes(3)));
    ScalingView stale = scaler.evaluate(T0.plus(Duration.ofMinutes(3)));
    assertThat(stale.missingMetrics()).containsExactly("rps");
    assertThat(stale.fallback()).isNull();
    assertThat(stale.desiredReplicas()).isEqualTo(3);

    // Then after the fallback's 5 minutes 6 replicas are held
    replicas(scaler, 3, T0.plus(Duration.ofMinutes(8)));
    ScalingView failing = scaler.evaluate(T0.plus(Duration.ofMinutes(8)));
    assertThat(failing.fallback()).isEqualTo(6);
    assertThat(failing.desiredReplicas()).isEqualTo(6);
  }

  @Test
  void aWarmForecastRaisesCapacityAheadOfTheRamp() {
    // Given two days of 100 rps at night and 1000 rps from 08:00, forecast-and-scale 5 min ahead
    WorkloadScaler scaler = scaler(null, FORECAST);
    Instant now = twoDaysOfRamps(scaler);

    // When it is 07:57 and the load is still at night's level
    replicas(scaler, 2, now);
    ScalingView view = scaler.evaluate(now);

    // Then the forecast asks for the morning's 20 replicas now
    assertThat(view.forecast().warm()).isTrue();
    assertThat(view.forecast().replicas()).isEqualTo(20);
    assertThat(view.targetTracking()).isEqualTo(2);
    assertThat(view.desiredReplicas()).isGreaterThan(2);
  }

  @Test
  void aForecastBelowTheLoadNeverLowersTheCount() {
    // Given the same history, at 07:57, but today's load is already high: 1000 rps on 20 replicas
    WorkloadScaler scaler = scaler(null, FORECAST);
    Instant now = twoDaysOfRamps(scaler);
    for (Instant at = now.minusSeconds(600); at.isBefore(now); at = at.plusSeconds(60)) {
      rps(scaler, 1000, at);
      replicas(scaler, 20, at);
    }
    replicas(scaler, 20, now);

    // When the forecast for the next minutes is lower than what the metrics ask
    ScalingView view = scaler.evaluate(now);

    // Then the count is what the metrics ask, not the forecast
    assertThat(view.desiredReplicas()).isEqualTo(20);
  }

  @Test
  void beforeItsWarmUpTheForecastSaysSoAndDoesNotAct() {
    Predictive predictive =
        new Predictive("rps", PredictiveMode.FORECAST_AND_SCALE, null, Duration.ofDays(7));
    WorkloadScaler scaler = scaler(null, predictive);
    replicas(scaler, 2, T0);
    rps(scaler, 100, T0);

    ScalingView view = scaler.evaluate(T0.plusSeconds(5));

    assertThat(view.forecast().warm()).isFalse();
    assertThat(view.forecast().acting()).isFalse();
    assertThat(view.forecast().warmUpLeft()).isGreaterThan(Duration.ofDays(6));
  }

  /** Two days of 100 rps at night and 1000 from 08:00 to 18:00; returns 07:57 of the third. */
  private static Instant twoDaysOfRamps(WorkloadScaler scaler) {
    Instant midnight = Instant.parse("2026-11-25T00:00:00Z");
    Instant now = midnight.plus(Duration.ofDays(2)).plus(Duration.ofHours(8)).minusSeconds(180);
    for (Instant at = midnight; at.isBefore(now); at = at.plusSeconds(60)) {
      long ofDay = (at.getEpochSecond() / 60) % 1440;
      rps(scaler, ofDay >= 480 && ofDay < 1080 ? 1000 : 100, at);
    }
    return now;
  }

  private static void rps(WorkloadScaler scaler, double value, Instant at) {
    rps(scaler, "pod-0", value, at);
  }

  private static void rps(WorkloadScaler scaler, String pod, double value, Instant at) {
    scaler.observe(new MetricSample("", "rps", MetricType.GAUGE, Map.of("pod", pod), value, at));
  }

  private static void replicas(WorkloadScaler scaler, int count, Instant at) {
    scaler.observe(
        new MetricSample(
            null, "kube_deployment_spec_replicas", MetricType.GAUGE, Map.of(), count, at));
  }
}

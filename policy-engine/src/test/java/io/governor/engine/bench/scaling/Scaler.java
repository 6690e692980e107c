package io.governor.engine.bench.scaling;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.engine.policy.ScalingPolicy;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.Predictive;
import io.governor.engine.policy.ScalingPolicy.PredictiveMode;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import io.governor.engine.scaling.WorkloadScaler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scaler under test: sees the metric of the last complete minute, sets a count. */
interface Scaler {

  String METRIC = "load_per_minute";

  String name();

  /** The load of a complete minute, seen when it is complete. */
  void observe(Instant minute, double load);

  /** The workload's replica count, as kube-state-metrics reports it. */
  void replicas(int count, Instant at);

  int desired(Instant now);

  void scaled(int from, int to, Instant at);

  static ScalingPolicy policy(double perReplica, int max, Predictive predictive) {
    return new ScalingPolicy(
        1,
        max,
        List.of(new MetricTarget(METRIC, TargetType.AVERAGE_VALUE, perReplica)),
        null,
        null,
        null,
        null,
        predictive,
        null,
        null);
  }

  /** The HPA: Governor's target tracking alone, with the HPA's defaults. */
  static Scaler hpa(double perReplica, int max) {
    return new Core("HPA", new WorkloadScaler(policy(perReplica, max, null), "Deployment"));
  }

  /** Governor: target tracking and a forecast that may raise capacity ahead of load. */
  static Scaler governor(double perReplica, int max) {
    return new Core(
        "Governor",
        new WorkloadScaler(
            policy(
                perReplica,
                max,
                new Predictive(
                    METRIC, PredictiveMode.FORECAST_AND_SCALE, Duration.ofMinutes(5), null)),
            "Deployment"));
  }

  /** Wraps the engine's scaling core. */
  final class Core implements Scaler {
    private final String name;
    final WorkloadScaler scaler;

    Core(String name, WorkloadScaler scaler) {
      this.name = name;
      this.scaler = scaler;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void observe(Instant minute, double load) {
      scaler.observe(
          new MetricSample(null, METRIC, MetricType.GAUGE, Map.of(), load, minute.plusSeconds(59)));
    }

    @Override
    public void replicas(int count, Instant at) {
      scaler.observe(
          new MetricSample(
              null, "kube_deployment_spec_replicas", MetricType.GAUGE, Map.of(), count, at));
    }

    @Override
    public int desired(Instant now) {
      return scaler.evaluate(now).desiredReplicas();
    }

    @Override
    public void scaled(int from, int to, Instant at) {
      scaler.scaled(from, to, at);
    }
  }

  /** The Predictive HPA's way: the larger of the HPA's count and a Holt-Winters forecast's. */
  final class PredictiveHpa implements Scaler {
    private final Core hpa;
    private final HoltWinters model = new HoltWinters(0.2, 0.01, 0.2);
    private final double perReplica;
    private final int max;
    private final int lookahead;

    PredictiveHpa(double perReplica, int max, int lookaheadMinutes) {
      this.hpa = (Core) hpa(perReplica, max);
      this.perReplica = perReplica;
      this.max = max;
      this.lookahead = lookaheadMinutes;
    }

    @Override
    public String name() {
      return "Predictive HPA";
    }

    @Override
    public void observe(Instant minute, double load) {
      hpa.observe(minute, load);
      model.observe(minute.getEpochSecond() / 60, load);
    }

    @Override
    public void replicas(int count, Instant at) {
      hpa.replicas(count, at);
    }

    @Override
    public int desired(Instant now) {
      int reactive = hpa.desired(now);
      double forecast = model.forecast(now.getEpochSecond() / 60 + lookahead);
      if (Double.isNaN(forecast)) {
        return reactive;
      }
      return Math.min(max, Math.max(reactive, (int) Math.ceil(forecast / perReplica)));
    }

    @Override
    public void scaled(int from, int to, Instant at) {
      hpa.scaled(from, to, at);
    }
  }
}

package io.governor.engine.scaling.kafka;

import io.governor.contracts.Decision;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.WorkloadId;
import io.governor.engine.EngineMetrics;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.scaling.ScalingEngine;
import io.governor.engine.scaling.ScalingView;
import io.governor.engine.scaling.WorkloadScaling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one scaling engine of this instance, guarded by a lock: policies are read on every tick, so a
 * change applies within a tick on every instance; the per-workload gauges follow each evaluation.
 */
@Startup
@ApplicationScoped
public class ScalingJudge {

  @Inject Clock clock;
  @Inject PolicyStore policies;
  @Inject MeterRegistry registry;

  private final ScalingEngine engine = new ScalingEngine();
  private MultiGauge desired;
  private MultiGauge current;
  private MultiGauge forecastReplicas;
  private MultiGauge forecastPeak;

  @PostConstruct
  void start() {
    desired = MultiGauge.builder(EngineMetrics.DESIRED_REPLICAS).register(registry);
    current = MultiGauge.builder(EngineMetrics.CURRENT_REPLICAS).register(registry);
    forecastReplicas = MultiGauge.builder(EngineMetrics.FORECAST_REPLICAS).register(registry);
    forecastPeak = MultiGauge.builder(EngineMetrics.FORECAST_PEAK).register(registry);
    Gauge.builder(EngineMetrics.SCALED_WORKLOADS, this, ScalingJudge::scaled)
        .description("Workloads scaled by this instance now")
        .strongReference(true)
        .register(registry);
  }

  public synchronized void onMetrics(MetricBatch batch) {
    engine.onMetrics(batch);
  }

  public synchronized void onSchedule(ScheduleEvent event) {
    engine.onSchedule(event);
  }

  public List<Decision> onTick(Instant now) {
    // A tick reaches every partition this instance owns: the policies are read once per instant.
    var stored = evaluated(now) ? null : policies.list();
    List<Decision> decisions;
    Map<WorkloadId, ScalingView> views;
    synchronized (this) {
      if (stored != null) {
        engine.onPolicies(stored);
      }
      decisions = engine.onTick(now);
      views = engine.lastViews();
    }
    export(views);
    return decisions;
  }

  private synchronized boolean evaluated(Instant now) {
    return engine.evaluated(now);
  }

  public synchronized void drop(Predicate<WorkloadId> gone) {
    engine.drop(gone);
    export(engine.lastViews());
  }

  public synchronized void confirm(Decision decision) {
    engine.confirm(decision);
  }

  public synchronized Optional<WorkloadScaling> view(WorkloadId workload, int hours) {
    return engine.view(workload, clock.instant(), hours);
  }

  private synchronized double scaled() {
    return engine.lastViews().size();
  }

  private void export(Map<WorkloadId, ScalingView> views) {
    // A workload whose count is not known has no desired or current count: no row, not a 0.
    desired.register(rows(views, view -> asDouble(view.desiredReplicas())), true);
    current.register(rows(views, view -> asDouble(view.currentReplicas())), true);
    forecastReplicas.register(
        rows(
            views,
            view ->
                view.forecast() == null || view.forecast().replicas() == null
                    ? null
                    : view.forecast().replicas().doubleValue()),
        true);
    forecastPeak.register(
        rows(views, view -> view.forecast() == null ? null : view.forecast().peak()), true);
  }

  private static Double asDouble(Integer count) {
    return count == null ? null : count.doubleValue();
  }

  private static List<MultiGauge.Row<?>> rows(
      Map<WorkloadId, ScalingView> views, Function<ScalingView, Double> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    views.forEach(
        (workload, view) -> {
          Double number = value.apply(view);
          if (number != null) {
            rows.add(
                MultiGauge.Row.of(
                    Tags.of(
                        EngineMetrics.TAG_NAMESPACE,
                        workload.namespace(),
                        EngineMetrics.TAG_WORKLOAD,
                        workload.kind() + "/" + workload.name()),
                    number));
          }
        });
    return rows;
  }
}

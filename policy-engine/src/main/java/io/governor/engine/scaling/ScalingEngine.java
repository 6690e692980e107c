package io.governor.engine.scaling;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.Evidence;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.StoredPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scaling of every workload this instance owns: one {@link WorkloadScaler} per workload that a
 * policy scales, fed by metrics and schedule windows, evaluated on every tick. One decision when
 * the count should change, carrying every input's value.
 *
 * <p>A workload is taken on when its first metric or schedule event arrives, which happens only on
 * the instance that owns its partition, and dropped after {@link #ORPHANED_AFTER} without one, as
 * after a rebalance gave it to another instance.
 */
public final class ScalingEngine {

  static final String RULE = "scaling";
  static final Duration ORPHANED_AFTER = Duration.ofMinutes(5);

  private record Scaled(StoredPolicy policy, WorkloadScaler scaler) {}

  private final Map<WorkloadId, StoredPolicy> scalingPolicies = new HashMap<>();
  private final Map<WorkloadId, Scaled> workloads = new HashMap<>();
  private final Map<WorkloadId, Instant> lastHeard = new HashMap<>();
  private final Map<WorkloadId, ScalingView> lastViews = new LinkedHashMap<>();
  private Instant lastTick = Instant.MIN;

  /**
   * Takes the policies in force: a workload a scaling policy names gets a scaler, one whose policy
   * lost its scaling section, or was deleted, is dropped.
   */
  public void onPolicies(List<StoredPolicy> policies) {
    Map<WorkloadId, StoredPolicy> scaling = new HashMap<>();
    for (StoredPolicy stored : policies) {
      if (stored.policy().scaling() == null || stored.policy().target().name() == null) {
        continue;
      }
      var target = stored.policy().target();
      scaling.put(
          new WorkloadId(target.namespace(), target.effectiveKind(), target.name()), stored);
    }
    scalingPolicies.clear();
    scalingPolicies.putAll(scaling);
    workloads.keySet().retainAll(scaling.keySet());
    lastHeard.keySet().retainAll(scaling.keySet());
    lastViews.keySet().retainAll(scaling.keySet());
    scaling.forEach(
        (workload, stored) -> {
          Scaled existing = workloads.get(workload);
          if (existing != null
              && (existing.policy().version() != stored.version()
                  || !existing.policy().policy().name().equals(stored.policy().name()))) {
            existing.scaler().update(stored.policy().scaling());
            workloads.put(workload, new Scaled(stored, existing.scaler()));
          }
        });
  }

  public void onMetrics(MetricBatch batch) {
    Scaled scaled = take(batch.workload());
    if (scaled == null) {
      return;
    }
    for (MetricSample sample : batch.samples()) {
      scaled.scaler().observe(sample);
      lastHeard.merge(batch.workload(), sample.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /** A window opens or closes; a repeated start (the scheduler's level) changes nothing. */
  public void onSchedule(ScheduleEvent event) {
    StoredPolicy stored = event.workload() == null ? null : scalingPolicies.get(event.workload());
    if (stored == null || !stored.policy().name().equals(event.policy())) {
      return;
    }
    Scaled scaled = take(event.workload());
    lastHeard.merge(event.workload(), event.firedAt(), (a, b) -> a.isAfter(b) ? a : b);
    switch (event.kind()) {
      case SCHEDULE_START ->
          scaled
              .scaler()
              .openWindow(
                  event.schedule(), event.minReplicas(), event.maxReplicas(), event.endsAt());
      case SCHEDULE_END -> scaled.scaler().closeWindow(event.schedule());
      case TICK -> {
        // Ticks are handled by onTick.
      }
    }
  }

  /** Evaluates every workload; a decision for each whose count should change. */
  public List<Decision> onTick(Instant now) {
    List<Decision> decisions = new ArrayList<>();
    if (!now.isAfter(lastTick)) {
      // A tick reaches every partition this instance owns: one evaluation per instant.
      return decisions;
    }
    lastTick = now;
    Instant orphanedBefore = now.minus(ORPHANED_AFTER);
    workloads
        .keySet()
        .removeIf(
            workload -> lastHeard.getOrDefault(workload, Instant.MIN).isBefore(orphanedBefore));
    lastViews.keySet().retainAll(workloads.keySet());
    for (Map.Entry<WorkloadId, Scaled> entry : workloads.entrySet()) {
      Scaled scaled = entry.getValue();
      ScalingView view = scaled.scaler().evaluate(now);
      lastViews.put(entry.getKey(), view);
      if (view.desiredReplicas() != view.currentReplicas()) {
        decisions.add(decision(entry.getKey(), scaled.policy(), view, now));
      }
    }
    return decisions;
  }

  /** Called once Kafka has the decision: the count is set, for the behaviour's rate limits. */
  public void confirm(Decision decision) {
    Scaled scaled = workloads.get(decision.workload());
    ScalingView view = lastViews.get(decision.workload());
    if (scaled == null || view == null || decision.dryRun()) {
      return;
    }
    scaled
        .scaler()
        .scaled(view.currentReplicas(), decision.target().replicas(), decision.decidedAt());
  }

  /** The last evaluation of a workload and its forecast ahead; empty when nothing scales it. */
  public Optional<WorkloadScaling> view(WorkloadId workload, Instant now, int hours) {
    Scaled scaled = workloads.get(workload);
    if (scaled == null) {
      return Optional.empty();
    }
    return Optional.of(
        new WorkloadScaling(
            workload,
            scaled.policy().policy().name(),
            scaled.policy().version(),
            lastViews.get(workload),
            scaled.scaler().forecastAhead(now, hours)));
  }

  /** The last evaluation of every workload, for the gauges. */
  public Map<WorkloadId, ScalingView> lastViews() {
    return Map.copyOf(lastViews);
  }

  /** The workload's scaler, taken on at its first event; null when no policy scales it. */
  private Scaled take(WorkloadId workload) {
    Scaled scaled = workloads.get(workload);
    if (scaled == null) {
      StoredPolicy stored = scalingPolicies.get(workload);
      if (stored == null) {
        return null;
      }
      scaled = new Scaled(stored, new WorkloadScaler(stored.policy().scaling()));
      workloads.put(workload, scaled);
    }
    return scaled;
  }

  private static Decision decision(
      WorkloadId workload, StoredPolicy stored, ScalingView view, Instant now) {
    int desired = view.desiredReplicas();
    boolean dryRun =
        stored.policy().effectiveMode() == PolicyMode.DRY_RUN
            || stored.policy().scaling().isDryRun();
    Evidence evidence =
        new Evidence(
            RULE,
            desired > view.currentReplicas() ? "scale-up" : "scale-down",
            view.inputs(),
            Map.of(
                "minReplicas", (double) stored.policy().scaling().effectiveMinReplicas(),
                "maxReplicas", (double) stored.policy().scaling().maxReplicas()),
            null,
            now,
            view.reason());
    return new Decision(
        DecisionIds.of(
            DecisionType.SCALE,
            workload,
            "replicas=" + view.currentReplicas() + "->" + desired,
            RULE,
            now.toString()),
        DecisionType.SCALE,
        workload,
        DecisionTarget.scale(desired),
        RULE,
        view.reason(),
        List.of(evidence),
        stored.policy().name(),
        stored.version(),
        dryRun,
        now);
  }
}

package io.governor.engine.scaling;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.Evidence;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.PolicyTarget;
import io.governor.engine.policy.StoredPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The scaling of every workload this instance owns: one {@link WorkloadScaler} per workload that a
 * policy scales, fed by metrics and schedule windows, evaluated on every tick. One decision when
 * the count should change, carrying every input's value; not again while it waits to be applied
 * (or, as a dry run, never will be), unless the count it asks for changes.
 *
 * <p>A workload is taken on when its first metric or schedule event arrives, which happens only on
 * the instance that owns its partition, and dropped when that partition is revoked.
 */
public final class ScalingEngine {

  static final String RULE = "scaling";

  /** A decision not applied after this long is made again: its action may have been refused. */
  static final Duration DECIDE_AGAIN_AFTER = Duration.ofMinutes(10);

  private record Scaled(StoredPolicy policy, WorkloadScaler scaler) {}

  /** The last decision for a workload, until its count is reached. */
  private record Decided(int from, int to, long policyVersion, Instant at) {}

  private final Map<WorkloadId, StoredPolicy> scalingPolicies = new HashMap<>();
  private final Map<WorkloadId, Scaled> workloads = new HashMap<>();
  private final Map<WorkloadId, ScalingView> lastViews = new LinkedHashMap<>();
  private final Map<WorkloadId, Decided> decided = new HashMap<>();
  private final List<Decision> unconfirmed = new ArrayList<>();
  private Instant lastTick = Instant.MIN;

  /**
   * Takes the policies in force: a workload whose policy lost its scaling section, or was deleted,
   * is dropped; a changed policy applies from the next tick.
   */
  public void onPolicies(List<StoredPolicy> policies) {
    Map<WorkloadId, StoredPolicy> scaling = new HashMap<>();
    for (StoredPolicy stored : policies) {
      PolicyTarget target = stored.policy().target();
      if (stored.policy().scaling() == null || target.name() == null) {
        continue;
      }
      scaling.put(
          new WorkloadId(target.namespace(), target.effectiveKind(), target.name()), stored);
    }
    scalingPolicies.clear();
    scalingPolicies.putAll(scaling);
    drop(workload -> !scaling.containsKey(workload));
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
    if (scaled != null) {
      batch.samples().forEach(scaled.scaler()::observe);
    }
  }

  /** A window opens or closes; a repeated start (the scheduler's level) changes nothing. */
  public void onSchedule(ScheduleEvent event) {
    StoredPolicy stored = event.workload() == null ? null : scalingPolicies.get(event.workload());
    if (stored == null || !stored.policy().name().equals(event.policy())) {
      return;
    }
    WorkloadScaler scaler = take(event.workload()).scaler();
    switch (event.kind()) {
      case SCHEDULE_START ->
          scaler.openWindow(
              event.schedule(), event.minReplicas(), event.maxReplicas(), event.endsAt());
      case SCHEDULE_END -> scaler.closeWindow(event.schedule());
      case TICK -> {
        // Ticks are handled by onTick.
      }
    }
  }

  /**
   * Evaluates every workload once per instant; a decision for each whose count should change. The
   * same instant again (a retry, or the tick of another partition) returns the decisions of that
   * instant that are not confirmed yet, with the same ids.
   */
  public List<Decision> onTick(Instant now) {
    if (!now.isAfter(lastTick)) {
      return now.equals(lastTick) ? List.copyOf(unconfirmed) : List.of();
    }
    lastTick = now;
    unconfirmed.clear();
    for (Map.Entry<WorkloadId, Scaled> entry : workloads.entrySet()) {
      WorkloadId workload = entry.getKey();
      StoredPolicy stored = entry.getValue().policy();
      ScalingView view = entry.getValue().scaler().evaluate(now);
      lastViews.put(workload, view);
      if (!view.changes()) {
        decided.remove(workload);
        continue;
      }
      Decided last = decided.get(workload);
      if (last != null
          && last.to() == view.desiredReplicas()
          && last.policyVersion() == stored.version()
          && now.isBefore(last.at().plus(DECIDE_AGAIN_AFTER))) {
        continue;
      }
      decided.put(
          workload,
          new Decided(view.currentReplicas(), view.desiredReplicas(), stored.version(), now));
      unconfirmed.add(decision(workload, stored, view, now));
    }
    return List.copyOf(unconfirmed);
  }

  /** Whether this instant was evaluated already. */
  public boolean evaluated(Instant now) {
    return !now.isAfter(lastTick);
  }

  /** Called once Kafka has the decision: the count is set, for the behaviour's rate limits. */
  public void confirm(Decision decision) {
    if (!unconfirmed.remove(decision)) {
      return;
    }
    Scaled scaled = workloads.get(decision.workload());
    Decided last = decided.get(decision.workload());
    if (scaled != null && last != null && !decision.dryRun()) {
      scaled.scaler().scaled(last.from(), decision.target().replicas(), decision.decidedAt());
    }
  }

  /** Forgets the workloads another instance owns now, e.g. after their partition was revoked. */
  public void drop(Predicate<WorkloadId> gone) {
    workloads.keySet().removeIf(gone);
    lastViews.keySet().removeIf(gone);
    decided.keySet().removeIf(gone);
    unconfirmed.removeIf(decision -> gone.test(decision.workload()));
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
      scaled = new Scaled(stored, new WorkloadScaler(stored.policy().scaling(), workload.kind()));
      workloads.put(workload, scaled);
    }
    return scaled;
  }

  private static Decision decision(
      WorkloadId workload, StoredPolicy stored, ScalingView view, Instant now) {
    int current = view.currentReplicas();
    int desired = view.desiredReplicas();
    boolean dryRun =
        stored.policy().effectiveMode() == PolicyMode.DRY_RUN
            || stored.policy().scaling().isDryRun();
    Evidence evidence =
        new Evidence(
            RULE,
            desired > current ? "scale-up" : "scale-down",
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
            "replicas=" + current + "->" + desired,
            RULE,
            stored.policy().name() + "@" + stored.version() + "|" + now),
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

package io.governor.engine.rollback.kafka;

import io.governor.contracts.Decision;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.WorkloadId;
import io.governor.engine.EngineMetrics;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.policy.StoredPolicy;
import io.governor.engine.rollback.AnalysisView;
import io.governor.engine.rollback.RollbackEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The one engine of this instance, guarded by a lock, with the policy store it needs around it. */
// Created at start-up, so its gauge is exported before the first event arrives.
@Startup
@ApplicationScoped
public class RollbackJudge {

  @Inject Clock clock;
  @Inject PolicyStore policies;
  @Inject MeterRegistry registry;

  private RollbackEngine engine;

  @PostConstruct
  void start() {
    engine =
        new RollbackEngine(
            clock,
            (rule, outcome) ->
                registry
                    .counter(
                        EngineMetrics.ANALYSIS_OUTCOMES,
                        EngineMetrics.TAG_RULE,
                        rule,
                        EngineMetrics.TAG_OUTCOME,
                        outcome.json())
                    .increment());
    Gauge.builder(EngineMetrics.ANALYSES_RUNNING, this, judge -> judge.running(false))
        .description("Analyses of new revisions running now, by state")
        .tag(EngineMetrics.TAG_STATE, EngineMetrics.STATE_ANALYSING)
        .strongReference(true)
        .register(registry);
    Gauge.builder(EngineMetrics.ANALYSES_RUNNING, this, judge -> judge.running(true))
        .description("Analyses of new revisions running now, by state")
        .tag(EngineMetrics.TAG_STATE, EngineMetrics.STATE_WATCHING)
        .strongReference(true)
        .register(registry);
  }

  public List<Decision> onDeployment(DeploymentEvent event) {
    // The policy in force when the revision appears judges it; other events need none.
    List<StoredPolicy> matching =
        event.kind() != DeploymentEventKind.NEW_REVISION
            ? List.of()
            : policies.list().stream()
                .filter(
                    stored -> stored.policy().target().matches(event.workload(), event.labels()))
                .toList();
    synchronized (this) {
      return engine.onDeployment(event, matching);
    }
  }

  public synchronized List<Decision> onMetrics(MetricBatch batch) {
    return engine.onMetrics(batch);
  }

  public synchronized List<Decision> onTick(Instant now) {
    return engine.onTick(now);
  }

  /**
   * The decision as it should go out now: an operator who deleted the policy, or switched it to
   * dry-run, during the analysis is obeyed.
   *
   * @return empty when the policy no longer exists
   */
  public Optional<Decision> asPolicyNowSays(Decision decision) {
    Optional<StoredPolicy> current = policies.get(decision.policy());
    if (current.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        current.get().policy().effectiveMode() == PolicyMode.DRY_RUN
            ? decision.asDryRun()
            : decision);
  }

  public synchronized List<AnalysisView> explain(WorkloadId workload) {
    return engine.explain(workload);
  }

  public synchronized Decision rollBackNow(
      WorkloadId workload, String fromRevision, String toRevision, String actor, String reason) {
    return engine.rollBackNow(workload, fromRevision, toRevision, actor, reason);
  }

  public synchronized void drop(Predicate<WorkloadId> gone) {
    engine.drop(gone);
  }

  public synchronized void confirm(Decision decision) {
    engine.confirm(decision);
  }

  private synchronized double running(boolean watching) {
    return engine.runningAnalyses(watching);
  }
}

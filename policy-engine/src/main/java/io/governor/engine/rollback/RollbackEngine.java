package io.governor.engine.rollback;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.Evidence;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.ErrorRateRule;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.StoredPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges new revisions and decides rollbacks. It keeps per-workload windows in memory; the caller
 * feeds it events in order per workload (one Kafka partition), publishes what it returns and then
 * {@link #confirm confirms} each decision. Until confirmed, a decision is returned again by every
 * evaluation, with the same id, so a failed publication is retried and never lost.
 *
 * <p>Feeding the same event twice changes nothing: a revision already judged or decided under a
 * policy is not judged again, and samples not newer than the last of their series are ignored.
 *
 * <p>Not thread-safe by itself: callers serialise access.
 */
public final class RollbackEngine {

  private final Clock clock;
  private final Map<WorkloadId, WorkloadState> workloads = new HashMap<>();

  public RollbackEngine(Clock clock) {
    this.clock = clock;
  }

  /**
   * A rollout changed. A new revision starts an analysis under every policy given; the samples
   * already received for it are judged at once.
   *
   * @param policies the stored policies that target this workload
   */
  public List<Decision> onDeployment(DeploymentEvent event, List<StoredPolicy> policies) {
    if (event.kind() != DeploymentEventKind.NEW_REVISION) {
      return List.of();
    }
    WorkloadState state = workloads.computeIfAbsent(event.workload(), w -> new WorkloadState());
    for (StoredPolicy policy : policies) {
      state.start(
          new Analysis(
              event.workload(),
              event.revision(),
              event.previousRevision(),
              policy,
              event.observedAt()));
    }
    return evaluate(state);
  }

  /** New samples arrived; the running analyses of the workload are judged again. */
  public List<Decision> onMetrics(MetricBatch batch) {
    WorkloadState state = workloads.computeIfAbsent(batch.workload(), w -> new WorkloadState());
    for (MetricSample sample : batch.samples()) {
      state.observe(sample);
    }
    return evaluate(state);
  }

  /** The decision was published: its analysis ends and its revision is not judged again. */
  public void confirm(Decision decision) {
    WorkloadState state = workloads.get(decision.workload());
    if (state != null) {
      state.confirm(decision);
    }
  }

  /** How many analyses are running now, over all workloads. */
  public int runningAnalyses() {
    return workloads.values().stream().mapToInt(state -> state.analyses().size()).sum();
  }

  private List<Decision> evaluate(WorkloadState state) {
    List<Decision> decisions = new ArrayList<>();
    for (Analysis analysis : List.copyOf(state.analyses())) {
      Optional<Decision> pending = state.pending(analysis);
      if (pending.isPresent()) {
        decisions.add(pending.get());
        continue;
      }
      judge(analysis, state.counters(analysis.revision()))
          .ifPresent(
              decision -> {
                // One rollback decision per failing revision, held until it is published.
                state.hold(analysis, decision);
                decisions.add(decision);
              });
    }
    return decisions;
  }

  private Optional<Decision> judge(Analysis analysis, RevisionCounters counters) {
    ErrorRateRule rule = analysis.policy().policy().rollback().errorRate();
    if (rule == null) {
      return Optional.empty();
    }
    Judgement judgement =
        ErrorRateJudge.judge(
            rule, counters.increase(rule.requestsMetric()), counters.increase(rule.errorsMetric()));
    if (judgement.verdict() != Verdict.FAIL) {
      return Optional.empty();
    }
    return Optional.of(rollback(analysis, judgement, counters, rule.isDryRun()));
  }

  private Decision rollback(
      Analysis analysis, Judgement judgement, RevisionCounters counters, boolean ruleDryRun) {
    StoredPolicy policy = analysis.policy();
    Instant now = clock.instant();
    Map<String, Double> observed = new LinkedHashMap<>(judgement.observed());
    if (counters.firstSampleAt() != null) {
      observed.put(
          "secondsSinceFirstSample",
          Duration.between(counters.firstSampleAt(), now).toMillis() / 1000.0);
    }
    Evidence evidence =
        new Evidence(
            judgement.rule(),
            judgement.verdict().json(),
            observed,
            judgement.thresholds(),
            counters.firstSampleAt(),
            counters.lastSampleAt(),
            judgement.summary());
    // The cause, not the time it was seen: the same revision judged again yields the same id.
    String id =
        DecisionIds.of(
            DecisionType.ROLLBACK,
            analysis.workload(),
            analysis.revision(),
            judgement.rule(),
            "policy=" + policy.policy().name() + ",baseline=" + analysis.previousRevision());
    boolean dryRun = ruleDryRun || policy.policy().effectiveMode() == PolicyMode.DRY_RUN;
    return new Decision(
        id,
        DecisionType.ROLLBACK,
        analysis.workload(),
        DecisionTarget.rollback(analysis.revision(), analysis.previousRevision()),
        judgement.rule(),
        "revision "
            + analysis.revision()
            + " fails "
            + judgement.rule()
            + ": "
            + judgement.summary(),
        List.of(evidence),
        policy.policy().name(),
        policy.version(),
        dryRun,
        now);
  }
}

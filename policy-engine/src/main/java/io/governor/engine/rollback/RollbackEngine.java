package io.governor.engine.rollback;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.Evidence;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.AnalysisSettings;
import io.governor.engine.policy.NoDataRule;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.SourceErrorRule;
import io.governor.engine.policy.StoredPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Judges new revisions and decides rollbacks. It keeps per-workload windows in memory; the caller
 * feeds it events in order per workload (one Kafka partition), publishes what it returns and then
 * {@link #confirm confirms} each decision. Until confirmed, a decision is returned again by every
 * evaluation, with the same id, so a failed publication is retried and never lost.
 *
 * <p>Feeding the same event twice changes nothing: a revision already judged or decided under a
 * policy is not judged again, and samples not newer than the last of their series are ignored. Time
 * passes by {@link #onTick}: it ends analyses that ran their course and turns silence into a
 * no-data outcome.
 *
 * <p>Not thread-safe by itself: callers serialise access.
 */
public final class RollbackEngine {

  static final String HEALTH = "health";
  static final String NO_DATA = "no-data";
  static final String SOURCE_ERROR = "source-error";
  static final String INCONCLUSIVE = "inconclusive";

  /** Told how each analysis ended, for the metrics of outcomes by rule. */
  @FunctionalInterface
  public interface OutcomeListener {
    void ended(String rule, Verdict outcome);
  }

  private final Clock clock;
  private final OutcomeListener outcomes;
  private final Map<WorkloadId, WorkloadState> workloads = new HashMap<>();

  public RollbackEngine(Clock clock) {
    this(clock, (rule, outcome) -> {});
  }

  public RollbackEngine(Clock clock, OutcomeListener outcomes) {
    this.clock = clock;
    this.outcomes = outcomes;
  }

  /**
   * A rollout changed. A new revision starts an analysis under every policy given; the samples
   * already received for it are judged at once. A completed rollout starts the post-promotion
   * watch; an exceeded progress deadline fails the revision.
   *
   * @param policies the stored policies that target this workload
   */
  public List<Decision> onDeployment(DeploymentEvent event, List<StoredPolicy> policies) {
    WorkloadState state = workloads.computeIfAbsent(event.workload(), w -> new WorkloadState());
    List<Decision> decisions = new ArrayList<>();
    switch (event.kind()) {
      case NEW_REVISION -> {
        state.deployed(event.revision(), event.previousRevision());
        for (StoredPolicy policy : policies) {
          state.start(
              new Analysis(
                  event.workload(),
                  event.revision(),
                  event.previousRevision(),
                  policy,
                  event.observedAt(),
                  state.counters(event.previousRevision())));
        }
      }
      case ROLLOUT_COMPLETE ->
          forRevision(state, event.revision()).forEach(a -> a.promoted(event.observedAt()));
      case PROGRESS_DEADLINE_EXCEEDED -> {
        for (Analysis analysis : forRevision(state, event.revision())) {
          if (analysis.pending() == null) {
            Judgement health =
                new Judgement(
                    HEALTH,
                    Verdict.FAIL,
                    Map.of(),
                    Map.of(),
                    "Kubernetes reports ProgressDeadlineExceeded for revision " + event.revision(),
                    event.observedAt());
            analysis.hold(decide(analysis, health, state, false, false));
          }
        }
      }
      case REPLICAS_UNAVAILABLE -> {
        // Judged by the health rule once it counts restarts and readiness (issue 3, health).
      }
    }
    decisions.addAll(evaluate(state));
    return decisions;
  }

  /** New samples arrived; the running analyses of the workload are judged again. */
  public List<Decision> onMetrics(MetricBatch batch) {
    WorkloadState state = workloads.computeIfAbsent(batch.workload(), w -> new WorkloadState());
    for (MetricSample sample : batch.samples()) {
      state.observe(sample);
    }
    return evaluate(state);
  }

  /**
   * Time passed with or without events: analyses past their end pass; a revision silent for longer
   * than its policy allows gets its no-data outcome.
   */
  public List<Decision> onTick(Instant now) {
    List<Decision> decisions = new ArrayList<>();
    for (WorkloadState state : workloads.values()) {
      for (Analysis analysis : state.analyses()) {
        if (analysis.pending() != null) {
          decisions.add(analysis.pending());
          continue;
        }
        RevisionCounters counters = state.counters(analysis.revision());
        AnalysisSettings settings = analysis.settings();
        SourceErrorRule sourceError = settings.effectiveSourceError();
        Instant failingSince = counters.allZeroSince(sourceError.effectiveMetric());
        NoDataRule noData = settings.effectiveNoData();
        Instant heardFrom =
            counters.lastSampleAt() == null
                    || counters.lastSampleAt().isBefore(analysis.startedAt())
                ? analysis.startedAt()
                : counters.lastSampleAt();
        if (failingSince != null
            && !now.isBefore(failingSince.plus(sourceError.effectiveAfter()))) {
          long seconds = Duration.between(failingSince, now).toSeconds();
          Judgement failing =
              new Judgement(
                  SOURCE_ERROR,
                  Verdict.SOURCE_ERROR,
                  Map.of("secondsSourceFailing", (double) seconds),
                  Map.of(
                      "maxSecondsSourceFailing", (double) sourceError.effectiveAfter().toSeconds()),
                  "the metrics source reports "
                      + sourceError.effectiveMetric()
                      + " = 0 for every target of revision "
                      + analysis.revision()
                      + " for "
                      + seconds
                      + " s; the policy's consequence is "
                      + sourceError.effectiveConsequence().json(),
                  failingSince);
          conclude(analysis, failing, sourceError.effectiveConsequence(), state, decisions);
        } else if (!analysis.isMuted(NO_DATA)
            && !now.isBefore(heardFrom.plus(noData.effectiveAfter()))) {
          Judgement silence =
              new Judgement(
                  NO_DATA,
                  Verdict.NO_DATA,
                  Map.of(
                      "secondsWithoutSamples",
                      Duration.between(heardFrom, now).toMillis() / 1000.0),
                  Map.of("maxSecondsWithoutSamples", (double) noData.effectiveAfter().toSeconds()),
                  "revision "
                      + analysis.revision()
                      + " sent no metrics for "
                      + Duration.between(heardFrom, now).toSeconds()
                      + " s; the policy's consequence is "
                      + noData.effectiveConsequence().json());
          conclude(analysis, silence, noData.effectiveConsequence(), state, decisions);
        } else if (!now.isBefore(analysis.endsAt())) {
          boolean enough = analysis.tests().stream().allMatch(test -> test.sampledEnough(counters));
          if (enough) {
            state.pass(analysis);
            outcomes.ended("analysis", Verdict.PASS);
          } else {
            NoDataRule.Consequence consequence =
                settings.effectiveInconclusive().effectiveConsequence();
            Judgement unjudged =
                new Judgement(
                    INCONCLUSIVE,
                    Verdict.INCONCLUSIVE,
                    Map.of(),
                    Map.of(),
                    "the analysis of revision "
                        + analysis.revision()
                        + " ended without enough requests to judge every rule; the policy's"
                        + " consequence is "
                        + consequence.json());
            conclude(analysis, unjudged, consequence, state, decisions);
          }
        }
      }
    }
    return decisions;
  }

  /** An outcome other than a failed rule: it rolls back, alerts (a dry run), or passes. */
  private void conclude(
      Analysis analysis,
      Judgement judgement,
      NoDataRule.Consequence consequence,
      WorkloadState state,
      List<Decision> decisions) {
    if (consequence == NoDataRule.Consequence.PASS) {
      state.pass(analysis);
      outcomes.ended(judgement.rule(), judgement.verdict());
      return;
    }
    boolean alertOnly = consequence == NoDataRule.Consequence.ALERT;
    Decision decision = decide(analysis, judgement, state, alertOnly, false);
    analysis.hold(decision);
    decisions.add(decision);
  }

  /** The decision was published: its analysis ends and its revision is not judged again. */
  public void confirm(Decision decision) {
    WorkloadState state = workloads.get(decision.workload());
    if (state != null && state.confirm(decision)) {
      Verdict outcome =
          switch (decision.rule()) {
            case NO_DATA -> Verdict.NO_DATA;
            case SOURCE_ERROR -> Verdict.SOURCE_ERROR;
            case INCONCLUSIVE -> Verdict.INCONCLUSIVE;
            default -> Verdict.FAIL;
          };
      outcomes.ended(decision.rule(), outcome);
    }
  }

  /** The running analyses of a workload, as they see it now; empty when none runs here. */
  public List<AnalysisView> explain(WorkloadId workload) {
    WorkloadState state = workloads.get(workload);
    if (state == null) {
      return List.of();
    }
    List<AnalysisView> views = new ArrayList<>();
    for (Analysis analysis : state.analyses()) {
      RevisionCounters revision = state.counters(analysis.revision());
      RevisionCounters baseline = state.counters(analysis.previousRevision());
      List<Judgement> rules =
          analysis.tests().stream().map(test -> test.judge(revision, baseline)).toList();
      views.add(
          new AnalysisView(
              analysis.policyName(),
              analysis.policy().version(),
              analysis.revision(),
              analysis.previousRevision(),
              analysis.startedAt(),
              analysis.endsAt(),
              analysis.pending() == null ? null : analysis.pending().id(),
              rules));
    }
    return views;
  }

  /**
   * A person asked to roll back now, skipping the analysis: the decision is made at once, and an
   * analysis of that revision ends with it.
   *
   * @param fromRevision the revision to leave; null for the newest this engine saw
   * @param toRevision the revision to restore; null for the one before it
   * @throws IllegalStateException when the revisions are not given and this engine has not seen the
   *     workload deploy
   */
  public Decision rollBackNow(
      WorkloadId workload, String fromRevision, String toRevision, String actor, String reason) {
    WorkloadState state = workloads.computeIfAbsent(workload, w -> new WorkloadState());
    String from = fromRevision != null ? fromRevision : state.latestRevision();
    String to = toRevision != null ? toRevision : state.previousOf(from);
    if (from == null || to == null) {
      throw new IllegalStateException(
          "no deploy of " + workload + " seen here: name fromRevision and toRevision");
    }
    Instant now = clock.instant();
    String summary = "requested by " + actor + ": " + reason;
    Evidence evidence = new Evidence("manual", "requested", Map.of(), Map.of(), now, now, summary);
    Decision decision =
        new Decision(
            DecisionIds.of(DecisionType.ROLLBACK, workload, from, "manual", actor + "@" + now),
            DecisionType.ROLLBACK,
            workload,
            DecisionTarget.rollback(from, to),
            "manual",
            "revision " + from + " rolled back to " + to + " by hand, " + summary,
            List.of(evidence),
            "manual",
            0,
            false,
            now,
            // No sample counts against the revision: the time from a bad sample is not measured.
            null);
    state.endAnalysesOf(from);
    return decision;
  }

  /** Forgets the workloads another instance owns now, e.g. after their partition was revoked. */
  public void drop(Predicate<WorkloadId> gone) {
    workloads.keySet().removeIf(gone);
  }

  /** How many analyses are running now, over all workloads. */
  public int runningAnalyses() {
    return workloads.values().stream().mapToInt(state -> state.analyses().size()).sum();
  }

  /**
   * How many analyses are running now, over all workloads, in the post-promotion watch (the rollout
   * completed) or before it.
   */
  public int runningAnalyses(boolean watching) {
    return (int)
        workloads.values().stream()
            .flatMap(state -> state.analyses().stream())
            .filter(analysis -> analysis.promoted() == watching)
            .count();
  }

  private static List<Analysis> forRevision(WorkloadState state, String revision) {
    return state.analyses().stream().filter(a -> a.revision().equals(revision)).toList();
  }

  private List<Decision> evaluate(WorkloadState state) {
    List<Decision> decisions = new ArrayList<>();
    for (Analysis analysis : state.analyses()) {
      if (analysis.pending() != null) {
        decisions.add(analysis.pending());
        continue;
      }
      RevisionCounters revision = state.counters(analysis.revision());
      RevisionCounters baseline = state.counters(analysis.previousRevision());
      for (RevisionTest test : analysis.tests()) {
        Judgement judgement = test.judge(revision, baseline);
        if (judgement.verdict() == Verdict.FAIL && !analysis.isMuted(judgement.rule())) {
          // One rollback decision per failing revision, held until it is published.
          Decision decision = decide(analysis, judgement, state, test.dryRun(), true);
          analysis.hold(decision);
          decisions.add(decision);
          break;
        }
      }
    }
    return decisions;
  }

  private Decision decide(
      Analysis analysis,
      Judgement judgement,
      WorkloadState state,
      boolean ruleDryRun,
      boolean withSamples) {
    StoredPolicy policy = analysis.policy();
    Instant now = clock.instant();
    RevisionCounters counters = state.counters(analysis.revision());
    Map<String, Double> observed = new LinkedHashMap<>(judgement.observed());
    if (withSamples && counters.firstSampleAt() != null) {
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
            counters.firstSampleAt() == null ? analysis.startedAt() : counters.firstSampleAt(),
            counters.lastSampleAt() == null ? now : counters.lastSampleAt(),
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
    // No data and an inconclusive end name no sample against the revision: they are not timed
    // (timing them from the first sample would measure the policy's waits, not Governor).
    Instant firstBadSampleAt = judgement.firstBadSampleAt();
    return new Decision(
        id,
        DecisionType.ROLLBACK,
        analysis.workload(),
        DecisionTarget.rollback(analysis.revision(), analysis.previousRevision()),
        judgement.rule(),
        switch (judgement.verdict()) {
              case NO_DATA -> "revision " + analysis.revision() + " sent no data: ";
              case SOURCE_ERROR -> "revision " + analysis.revision() + " cannot be observed: ";
              case INCONCLUSIVE -> "revision " + analysis.revision() + " could not be judged: ";
              default ->
                  "revision " + analysis.revision() + " failed the " + judgement.rule() + " rule: ";
            }
            + judgement.summary(),
        List.of(evidence),
        policy.policy().name(),
        policy.version(),
        dryRun,
        now,
        firstBadSampleAt);
  }
}

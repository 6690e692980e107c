package io.governor.engine.rollback;

import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.AnalysisSettings;
import io.governor.engine.policy.RollbackPolicy;
import io.governor.engine.policy.StoredPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The running judgement of one new revision under one policy, with its tests' state. */
final class Analysis {

  private final WorkloadId workload;
  private final String revision;
  private final String previousRevision;
  private final StoredPolicy policy;
  private final Instant startedAt;
  private final List<RevisionTest> tests = new ArrayList<>();
  private Instant promotedAt;
  private Decision pending;
  private final Set<String> muted = new HashSet<>();

  Analysis(
      WorkloadId workload,
      String revision,
      String previousRevision,
      StoredPolicy policy,
      Instant startedAt,
      RevisionCounters baseline) {
    this.workload = workload;
    this.revision = revision;
    this.previousRevision = previousRevision;
    this.policy = policy;
    this.startedAt = startedAt;
    RollbackPolicy rules = policy.policy().rollback();
    if (rules.health() != null) {
      tests.add(new HealthCheck(rules.health()));
    }
    if (rules.errorRate() != null) {
      tests.add(new ErrorRateCheck(rules.errorRate(), baseline));
    }
    if (rules.latency() != null) {
      tests.add(new LatencyCheck(rules.latency()));
    }
  }

  WorkloadId workload() {
    return workload;
  }

  String revision() {
    return revision;
  }

  String previousRevision() {
    return previousRevision;
  }

  StoredPolicy policy() {
    return policy;
  }

  String policyName() {
    return policy.policy().name();
  }

  Instant startedAt() {
    return startedAt;
  }

  AnalysisSettings settings() {
    return policy.policy().rollback().effectiveAnalysis();
  }

  /** The policy's rules, health first: a crash loop is the clearest evidence. */
  List<RevisionTest> tests() {
    return tests;
  }

  /** Whether the rollout completed: the analysis is in its post-promotion watch. */
  boolean promoted() {
    return promotedAt != null;
  }

  void promoted(Instant at) {
    if (promotedAt == null) {
      promotedAt = at;
    }
  }

  /**
   * When the analysis may end with a pass: its duration after the start, and its watch after the
   * rollout completed, whichever is later; open-ended while the rollout has not completed past the
   * duration.
   */
  Instant endsAt() {
    Instant byDuration = startedAt.plus(settings().effectiveDuration());
    if (promotedAt == null) {
      return byDuration;
    }
    Instant byWatch = promotedAt.plus(settings().effectivePostPromotionWatch());
    return byWatch.isAfter(byDuration) ? byWatch : byDuration;
  }

  Decision pending() {
    return pending;
  }

  /** A dry-run rule that already reported its failure: it is not judged again. */
  void mute(String rule) {
    muted.add(rule);
    pending = null;
  }

  boolean isMuted(String rule) {
    return muted.contains(rule);
  }

  void hold(Decision decision) {
    pending = decision;
  }
}

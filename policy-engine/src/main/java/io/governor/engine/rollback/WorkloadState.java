package io.governor.engine.rollback;

import io.governor.contracts.Decision;
import io.governor.contracts.MetricSample;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine keeps of one workload: recent revisions' counters, the running analysis of each
 * policy, decisions not yet confirmed as published, and which revisions were already decided.
 */
final class WorkloadState {

  /** Revisions kept: the new one, its baseline and one more for a quick second deploy. */
  static final int REVISIONS_KEPT = 3;

  /** Decided revisions remembered, so a repeated announcement does not judge one again. */
  static final int DECIDED_KEPT = 20;

  private final Map<String, RevisionCounters> revisions =
      new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RevisionCounters> eldest) {
          return size() > REVISIONS_KEPT;
        }
      };
  private final Map<String, Analysis> analysesByPolicy = new LinkedHashMap<>();
  private final Map<String, Decision> pendingByPolicy = new HashMap<>();
  private final Set<String> decided = new LinkedHashSet<>();

  void observe(MetricSample sample) {
    if (sample.revision() != null) {
      revisions.computeIfAbsent(sample.revision(), r -> new RevisionCounters()).observe(sample);
    }
  }

  RevisionCounters counters(String revision) {
    return revisions.computeIfAbsent(revision, r -> new RevisionCounters());
  }

  Collection<Analysis> analyses() {
    return analysesByPolicy.values();
  }

  /**
   * Starts judging a revision under a policy, unless that revision is already judged or decided
   * under it. A newer revision replaces an older one's analysis and any decision not yet sent.
   *
   * @return false when nothing changed
   */
  boolean start(Analysis analysis) {
    String policy = analysis.policyName();
    if (decided.contains(key(policy, analysis.revision()))) {
      return false;
    }
    Analysis running = analysesByPolicy.get(policy);
    if (running != null && running.revision().equals(analysis.revision())) {
      return false;
    }
    analysesByPolicy.put(policy, analysis);
    pendingByPolicy.remove(policy);
    return true;
  }

  Optional<Decision> pending(Analysis analysis) {
    return Optional.ofNullable(pendingByPolicy.get(analysis.policyName()));
  }

  void hold(Analysis analysis, Decision decision) {
    pendingByPolicy.put(analysis.policyName(), decision);
  }

  /** The decision is published: its analysis ends and its revision is not judged again. */
  void confirm(Decision decision) {
    Decision pending = pendingByPolicy.get(decision.policy());
    if (pending == null || !pending.id().equals(decision.id())) {
      return;
    }
    pendingByPolicy.remove(decision.policy());
    analysesByPolicy.remove(decision.policy());
    decided.add(key(decision.policy(), decision.target().fromRevision()));
    if (decided.size() > DECIDED_KEPT) {
      decided.remove(decided.iterator().next());
    }
  }

  private static String key(String policy, String revision) {
    return policy + "|" + revision;
  }
}

package io.governor.engine.rollback;

import io.governor.contracts.Decision;
import io.governor.contracts.MetricSample;
import io.governor.engine.policy.PolicyMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine keeps of one workload: recent revisions' counters, the running analysis of each
 * policy, and which revisions were already decided.
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
  private final Set<String> decided = new LinkedHashSet<>();
  private final Map<String, String> previousByRevision = new LinkedHashMap<>();
  private String latestRevision;

  /** A new revision rolled out after {@code previous}. */
  void deployed(String revision, String previous) {
    latestRevision = revision;
    previousByRevision.put(revision, previous);
    if (previousByRevision.size() > DECIDED_KEPT) {
      previousByRevision.remove(previousByRevision.keySet().iterator().next());
    }
  }

  String latestRevision() {
    return latestRevision;
  }

  String previousOf(String revision) {
    return revision == null ? null : previousByRevision.get(revision);
  }

  /** A rollback by hand ended every analysis of this revision. */
  void endAnalysesOf(String revision) {
    for (Analysis analysis : List.copyOf(analysesByPolicy.values())) {
      if (analysis.revision().equals(revision)) {
        analysesByPolicy.remove(analysis.policyName());
        remember(analysis.policyName(), revision);
      }
    }
  }

  void observe(MetricSample sample) {
    if (sample.revision() != null) {
      revisions.computeIfAbsent(sample.revision(), r -> new RevisionCounters()).observe(sample);
    }
  }

  RevisionCounters counters(String revision) {
    return revisions.computeIfAbsent(revision, r -> new RevisionCounters());
  }

  Collection<Analysis> analyses() {
    return List.copyOf(analysesByPolicy.values());
  }

  /**
   * Starts judging a revision under a policy, unless that revision is already judged or decided
   * under it. A newer revision replaces an older one's analysis, with any decision not yet sent.
   */
  void start(Analysis analysis) {
    String policy = analysis.policyName();
    if (decided.contains(key(policy, analysis.revision()))) {
      return;
    }
    Analysis running = analysesByPolicy.get(policy);
    if (running != null && running.revision().equals(analysis.revision())) {
      return;
    }
    analysesByPolicy.put(policy, analysis);
  }

  /** The analysis ended without a decision: its revision passed. */
  void pass(Analysis analysis) {
    analysesByPolicy.remove(analysis.policyName(), analysis);
    remember(analysis.policyName(), analysis.revision());
  }

  /**
   * The decision is published: its analysis ends and its revision is not judged again.
   *
   * @return false when it was confirmed before, or belongs to no running analysis
   */
  boolean confirm(Decision decision) {
    Analysis analysis = analysesByPolicy.get(decision.policy());
    if (analysis == null
        || analysis.pending() == null
        || !analysis.pending().id().equals(decision.id())) {
      return false;
    }
    if (decision.dryRun()
        && !analysis.policy().policy().effectiveMode().equals(PolicyMode.DRY_RUN)
        && !decision.rule().equals(RollbackEngine.INCONCLUSIVE)) {
      // A dry-run rule, or an alert, reported: the other rules go on judging the revision.
      analysis.mute(decision.rule());
      return true;
    }
    analysesByPolicy.remove(decision.policy());
    remember(decision.policy(), decision.target().fromRevision());
    return true;
  }

  private void remember(String policy, String revision) {
    decided.add(key(policy, revision));
    if (decided.size() > DECIDED_KEPT) {
      decided.remove(decided.iterator().next());
    }
  }

  private static String key(String policy, String revision) {
    return policy + "|" + revision;
  }
}

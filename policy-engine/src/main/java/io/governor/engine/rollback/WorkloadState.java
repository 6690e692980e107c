package io.governor.engine.rollback;

import io.governor.contracts.MetricSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the engine keeps of one workload: recent revisions' counters and running analyses. */
final class WorkloadState {

  /** Revisions kept: the new one, its baseline and one more for a quick second deploy. */
  static final int REVISIONS_KEPT = 3;

  private final Map<String, RevisionCounters> revisions =
      new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RevisionCounters> eldest) {
          return size() > REVISIONS_KEPT;
        }
      };
  private final List<Analysis> analyses = new ArrayList<>();

  void observe(MetricSample sample) {
    if (sample.revision() != null) {
      revisions.computeIfAbsent(sample.revision(), r -> new RevisionCounters()).observe(sample);
    }
  }

  RevisionCounters counters(String revision) {
    return revisions.computeIfAbsent(revision, r -> new RevisionCounters());
  }

  List<Analysis> analyses() {
    return analyses;
  }

  /**
   * Starts an analysis, ending any earlier one of the same policy: a newer revision replaced it.
   */
  void start(Analysis analysis) {
    analyses.removeIf(running -> running.policy().policy().name().equals(policyName(analysis)));
    analyses.add(analysis);
  }

  void conclude(Analysis analysis) {
    analyses.remove(analysis);
  }

  private static String policyName(Analysis analysis) {
    return analysis.policy().policy().name();
  }
}

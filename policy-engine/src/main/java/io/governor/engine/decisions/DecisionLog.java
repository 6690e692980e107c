package io.governor.engine.decisions;

import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import java.time.Instant;
import java.util.List;

/** Decisions kept for people to look up, by workload and time. */
public interface DecisionLog {

  /** Keeps a published decision; keeping the same decision twice keeps it once. */
  void record(Decision decision);

  /** Whether this decision was published already, e.g. by an attempt that failed after Kafka. */
  boolean wasPublished(String decisionId);

  /** A workload's decisions between two instants, newest first, at most {@code limit}. */
  List<Decision> find(WorkloadId workload, Instant since, Instant until, int limit);
}

package io.governor.engine.rollback;

import java.time.Instant;
import java.util.Map;

/**
 * One rule's verdict with the numbers behind it.
 *
 * @param observed what was measured, in the order it was computed
 * @param thresholds what it was compared with
 * @param summary one sentence for a person
 * @param firstBadSampleAt when the first sample this rule counts against the revision was taken
 *     (its first error, slow request, crash or drop in ready replicas); null when there is none
 */
public record Judgement(
    String rule,
    Verdict verdict,
    Map<String, Double> observed,
    Map<String, Double> thresholds,
    String summary,
    Instant firstBadSampleAt) {

  /** A judgement that names no sample against the revision. */
  public Judgement(
      String rule,
      Verdict verdict,
      Map<String, Double> observed,
      Map<String, Double> thresholds,
      String summary) {
    this(rule, verdict, observed, thresholds, summary, null);
  }

  /** The same judgement, naming when the first sample against the revision was taken. */
  Judgement since(Instant firstBadSampleAt) {
    return new Judgement(rule, verdict, observed, thresholds, summary, firstBadSampleAt);
  }
}

package io.governor.engine.rollback;

import java.util.Map;

/**
 * One rule's verdict with the numbers behind it.
 *
 * @param observed what was measured, in the order it was computed
 * @param thresholds what it was compared with
 * @param summary one sentence for a person
 */
public record Judgement(
    String rule,
    Verdict verdict,
    Map<String, Double> observed,
    Map<String, Double> thresholds,
    String summary) {}

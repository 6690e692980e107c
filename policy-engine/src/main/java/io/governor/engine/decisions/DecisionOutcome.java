package io.governor.engine.decisions;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.Evidence;

/** What a decision came to, as the metric of decisions tags it: a small, closed set of values. */
public final class DecisionOutcome {

  static final String UNKNOWN = "unknown";

  private DecisionOutcome() {}

  /**
   * The deciding rule's verdict for a rollback ({@code fail}, {@code no-data}, {@code
   * source-error}, {@code inconclusive}, {@code requested}); {@code up} or {@code down} for a
   * scale.
   */
  public static String of(Decision decision) {
    String verdict =
        decision.evidence().stream()
            .filter(evidence -> decision.rule().equals(evidence.rule()))
            .map(Evidence::verdict)
            .findFirst()
            .orElse(UNKNOWN);
    if (decision.type() == DecisionType.SCALE) {
      // Scaling writes its verdict as scale-up or scale-down.
      return verdict.startsWith("scale-") ? verdict.substring("scale-".length()) : UNKNOWN;
    }
    return verdict;
  }
}

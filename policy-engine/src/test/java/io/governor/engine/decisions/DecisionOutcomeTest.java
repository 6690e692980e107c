package io.governor.engine.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.Evidence;
import io.governor.contracts.WorkloadId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionOutcomeTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final WorkloadId CART = WorkloadId.parse("shop/Deployment/cart");

  @Test
  void aRollbackIsTaggedWithTheDecidingRulesVerdict() {
    // Given a rollback decided by no-data, with another rule's evidence beside it
    Decision decision =
        decision(
            DecisionType.ROLLBACK,
            DecisionTarget.rollback("7", "6"),
            "no-data",
            evidence("error-rate", "inconclusive"),
            evidence("no-data", "no-data"));

    // When / Then
    assertThat(DecisionOutcome.of(decision)).isEqualTo("no-data");
  }

  @Test
  void aScaleIsTaggedUpOrDown() {
    // Given a scale up and a scale down
    Decision up = scale(5, "scale-up");
    Decision down = scale(1, "scale-down");

    // Then each is tagged by its direction
    assertThat(DecisionOutcome.of(up)).isEqualTo("up");
    assertThat(DecisionOutcome.of(down)).isEqualTo("down");
  }

  @Test
  void aDecisionWithoutTheRulesEvidenceIsUnknownNotAnUnboundedValue() {
    // Given a rollback whose deciding rule left no evidence
    Decision decision =
        decision(DecisionType.ROLLBACK, DecisionTarget.rollback("7", "6"), "latency");

    // Then its outcome is the one bounded value for that, not something made up
    assertThat(DecisionOutcome.of(decision)).isEqualTo("unknown");
  }

  private static Decision scale(int replicas, String verdict) {
    return decision(
        DecisionType.SCALE,
        DecisionTarget.scale(replicas),
        "scaling",
        evidence("scaling", verdict));
  }

  private static Evidence evidence(String rule, String verdict) {
    return new Evidence(rule, verdict, Map.of(), Map.of(), T0, T0, rule + " " + verdict);
  }

  private static Decision decision(
      DecisionType type, DecisionTarget target, String rule, Evidence... evidence) {
    return new Decision(
        "d-1", type, CART, target, rule, "because", List.of(evidence), "cart", 1, false, T0);
  }
}

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
    assertThat(
            DecisionOutcome.of(
                decision(
                    DecisionType.SCALE,
                    DecisionTarget.scale(5),
                    "scaling",
                    evidence("scaling", "scale-up"))))
        .isEqualTo("up");
    assertThat(
            DecisionOutcome.of(
                decision(
                    DecisionType.SCALE,
                    DecisionTarget.scale(1),
                    "scaling",
                    evidence("scaling", "scale-down"))))
        .isEqualTo("down");
  }

  @Test
  void aDecisionWithoutTheRulesEvidenceIsUnknownNotAnUnboundedValue() {
    assertThat(
            DecisionOutcome.of(
                decision(DecisionType.ROLLBACK, DecisionTarget.rollback("7", "6"), "latency")))
        .isEqualTo("unknown");
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

package io.governor.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.WorkloadId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTargetTest {

  private static final WorkloadId CHECKOUT = WorkloadId.parse("shop/Deployment/checkout");

  @Test
  void aTargetByNameMatchesThatWorkloadOnly() {
    PolicyTarget target = new PolicyTarget("shop", null, "checkout");

    assertThat(target.matches(CHECKOUT, Map.of())).isTrue();
    assertThat(target.matches(WorkloadId.parse("shop/Deployment/cart"), Map.of())).isFalse();
    assertThat(target.matches(WorkloadId.parse("shop/StatefulSet/checkout"), Map.of())).isFalse();
  }

  @Test
  void aSelectorMatchesEveryWorkloadWithAllItsLabels() {
    PolicyTarget target =
        new PolicyTarget("shop", null, null, Map.of("team", "payments", "tier", "web"));

    assertThat(target.matches(CHECKOUT, Map.of("team", "payments", "tier", "web", "x", "y")))
        .isTrue();
    assertThat(target.matches(CHECKOUT, Map.of("team", "payments"))).isFalse();
    assertThat(target.matches(CHECKOUT, Map.of())).isFalse();
    assertThat(
            target.matches(
                WorkloadId.parse("other/Deployment/checkout"),
                Map.of("team", "payments", "tier", "web")))
        .isFalse();
  }

  @Test
  void aTargetNeedsANameOrASelector() {
    Policy policy =
        new Policy(
            "nothing",
            new PolicyTarget("shop", null, null, null),
            null,
            new RollbackPolicy(null, null, null, new HealthRule(null, null, null)));

    assertThat(PolicyValidator.validate(policy))
        .extracting(violation -> violation.field())
        .containsExactly("target");
  }
}

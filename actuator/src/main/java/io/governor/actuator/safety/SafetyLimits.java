package io.governor.actuator.safety;

import io.governor.contracts.DecisionType;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits an operator sets on what the actuator may do.
 *
 * @param decisionTtl how long after {@code decidedAt} a decision may still be carried out
 * @param dryRun global dry-run: plan and report, change nothing
 * @param rollbackCooldown after a rollback was applied to a workload, refuse its next one this long
 *     ({@link Duration#ZERO}: off)
 * @param scaleCooldown the same for scales
 * @param breakerMaxRollbacks rollbacks allowed across the cluster within {@code breakerWindow}
 * @param breakerWindow the sliding window of the breaker
 */
public record SafetyLimits(
    Duration decisionTtl,
    boolean dryRun,
    Duration rollbackCooldown,
    Duration scaleCooldown,
    int breakerMaxRollbacks,
    Duration breakerWindow) {

  public SafetyLimits {
    Objects.requireNonNull(decisionTtl, "decisionTtl is missing");
    Objects.requireNonNull(rollbackCooldown, "rollbackCooldown is missing");
    Objects.requireNonNull(scaleCooldown, "scaleCooldown is missing");
    Objects.requireNonNull(breakerWindow, "breakerWindow is missing");
    if (decisionTtl.isNegative() || decisionTtl.isZero()) {
      throw new IllegalArgumentException("decision-ttl must be positive, not " + decisionTtl);
    }
    if (rollbackCooldown.isNegative() || scaleCooldown.isNegative()) {
      throw new IllegalArgumentException("a cooldown cannot be negative");
    }
    if (breakerMaxRollbacks < 1) {
      throw new IllegalArgumentException(
          "breaker.max-rollbacks must be at least 1, not " + breakerMaxRollbacks);
    }
    if (breakerWindow.isNegative() || breakerWindow.isZero()) {
      throw new IllegalArgumentException("breaker.window must be positive, not " + breakerWindow);
    }
  }

  public Duration cooldown(DecisionType type) {
    return switch (type) {
      case ROLLBACK -> rollbackCooldown;
      case SCALE -> scaleCooldown;
    };
  }
}

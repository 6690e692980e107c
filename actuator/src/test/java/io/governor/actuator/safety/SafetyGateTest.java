package io.governor.actuator.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyGateTest {

  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
  private static final WorkloadId CHECKOUT = WorkloadId.parse("shop/Deployment/checkout");

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySafetyLedger ledger = new InMemorySafetyLedger();
  private final Map<WorkloadId, String> paused = new HashMap<>();
  private final List<Limit> stops = new ArrayList<>();
  private SafetyLimits limits = limits(false, Duration.ofMinutes(10), Duration.ZERO);
  private int ids;

  @Test
  void aDecisionWithinItsTimeToLiveGoes() {
    // Given a rollback decided 9 minutes ago, with a time-to-live of 10
    Decision decision = rollback(CHECKOUT, START.minus(Duration.ofMinutes(9)));

    // When
    Verdict verdict = gate().check(decision);

    // Then
    assertThat(verdict).isEqualTo(new Verdict.Go(Verdict.DryRun.OFF, true, false, true));
  }

  @Test
  void aDecisionPastItsTimeToLiveFailsAsExpired() {
    // Given a rollback decided 10 minutes and 1 second ago
    Decision decision = rollback(CHECKOUT, START.minus(Duration.ofSeconds(601)));

    // When
    Verdict verdict = gate().check(decision);

    // Then it is FAILED with when it ran out, and nothing was counted
    assertThat(verdict)
        .isEqualTo(
            new Verdict.Stop(
                Limit.EXPIRED,
                ActionOutcome.FAILED,
                "expired: decided at 2026-11-27T09:49:59Z, its time-to-live of PT10M ran out at"
                    + " 2026-11-27T09:59:59Z before it could be carried out; nothing was changed"));
    assertThat(stops).containsExactly(Limit.EXPIRED);
    assertThat(ledger.rollbacksCounted()).isZero();
  }

  @Test
  void aDecisionHeldElsewhereUntilItsTimeToLiveRanOutIsCountedAsExpired() {
    // Given a rollback another instance held for its whole time-to-live
    Decision decision = rollback(CHECKOUT, START.minus(Duration.ofSeconds(601)));

    // When
    Verdict.Stop stop =
        gate().expiredWhileHeld(decision, "another actuator instance (a-1) has been acting on it");

    // Then it is FAILED with when it ran out and who held it, counted as an expiry
    assertThat(stop)
        .isEqualTo(
            new Verdict.Stop(
                Limit.EXPIRED,
                ActionOutcome.FAILED,
                "expired: decided at 2026-11-27T09:49:59Z, its time-to-live of PT10M ran out at"
                    + " 2026-11-27T09:59:59Z with no result stored: another actuator instance"
                    + " (a-1) has been acting on it; this instance changed nothing"));
    assertThat(stops).containsExactly(Limit.EXPIRED);
  }

  @Test
  void timeSpentRetryingCountsAgainstTheTimeToLive() {
    // Given a decision that was fine when it arrived
    Decision decision = rollback(CHECKOUT, START);
    SafetyGate gate = gate();
    assertThat(gate.check(decision)).isInstanceOf(Verdict.Go.class);
    gate.abandon(decision, new Verdict.Go(Verdict.DryRun.OFF, true));

    // When retries took 11 minutes
    clock.advance(Duration.ofMinutes(11));

    // Then the next attempt finds it expired
    assertThat(gate.check(decision))
        .isInstanceOfSatisfying(
            Verdict.Stop.class, stop -> assertThat(stop.limit()).isEqualTo(Limit.EXPIRED));
  }

  @Test
  void aPauseAnnotationRefusesNamingWhereItIs() {
    // Given the namespace of checkout carries governor.io/paused=true
    paused.put(CHECKOUT, "the Namespace shop");

    // When
    Verdict verdict = gate().check(rollback(CHECKOUT, START));

    // Then
    assertThat(verdict)
        .isEqualTo(
            new Verdict.Stop(
                Limit.PAUSED,
                ActionOutcome.REFUSED,
                "paused by annotation governor.io/paused=true on the Namespace shop; nothing was"
                    + " changed"));
  }

  @Test
  void aPauseRefusesEvenADryRun() {
    // Given a paused workload and a dry-run decision
    paused.put(CHECKOUT, "the Deployment shop/checkout");
    Decision decision = dryRun(rollback(CHECKOUT, START));

    // When
    Verdict verdict = gate().check(decision);

    // Then the pause comes first
    assertThat(verdict)
        .isInstanceOfSatisfying(
            Verdict.Stop.class, stop -> assertThat(stop.limit()).isEqualTo(Limit.PAUSED));
  }

  @Test
  void aDryRunIsNeitherRefusedNorCountedByCooldownOrBreaker() {
    // Given a breaker that allows one rollback, already used, and a cooldown on checkout
    limits =
        new SafetyLimits(
            Duration.ofMinutes(10),
            false,
            Duration.ofMinutes(10),
            Duration.ZERO,
            1,
            Duration.ofMinutes(10));
    SafetyGate gate = gate();
    apply(gate, rollback(CHECKOUT, START));

    // When a dry-run rollback of the same workload arrives
    Verdict verdict = gate.check(dryRun(rollback(CHECKOUT, START)));

    // Then it goes, as a dry-run, without a place in the breaker
    assertThat(verdict).isEqualTo(new Verdict.Go(Verdict.DryRun.DECISION, false));
    assertThat(ledger.rollbacksCounted()).isEqualTo(1);
  }

  @Test
  void theGlobalDryRunMakesEveryDecisionADryRun() {
    // Given global dry-run
    limits = limits(true, Duration.ofMinutes(10), Duration.ZERO);

    // When
    Verdict verdict = gate().check(rollback(CHECKOUT, START));

    // Then
    assertThat(verdict).isEqualTo(new Verdict.Go(Verdict.DryRun.GLOBAL, false));
  }

  @Test
  void aRollbackWithinTheCooldownIsRefusedWithWhenItEnds() {
    // Given a rollback of checkout applied at 10:00
    SafetyGate gate = gate();
    Decision first = rollback(CHECKOUT, START);
    apply(gate, first);

    // When another rollback of checkout arrives at 10:04
    clock.advance(Duration.ofMinutes(4));
    Verdict verdict = gate.check(rollback(CHECKOUT, clock.instant()));

    // Then it is refused until 10:10
    assertThat(verdict)
        .isEqualTo(
            new Verdict.Stop(
                Limit.COOLDOWN,
                ActionOutcome.REFUSED,
                "cooldown: a rollback of this workload was applied at 2026-11-27T10:00:00Z"
                    + " (decision "
                    + first.id()
                    + "); the next rollback is allowed from 2026-11-27T10:10:00Z (cooldown"
                    + " PT10M); nothing was changed"));
    assertThat(stops).containsExactly(Limit.COOLDOWN);
  }

  @Test
  void aRollbackAfterTheCooldownGoes() {
    // Given a rollback of checkout applied at 10:00
    SafetyGate gate = gate();
    apply(gate, rollback(CHECKOUT, START));

    // When the next arrives at 10:10
    clock.advance(Duration.ofMinutes(10));
    Verdict verdict = gate.check(rollback(CHECKOUT, clock.instant()));

    // Then
    assertThat(verdict).isInstanceOf(Verdict.Go.class);
  }

  @Test
  void aDecisionRetriedAfterItWasAppliedIsNotRefusedByItsOwnCooldown() {
    // Given a rollback that was applied, but whose result was lost before it was remembered
    SafetyGate gate = gate();
    Decision decision = rollback(CHECKOUT, START);
    apply(gate, decision);

    // When it is tried again
    Verdict verdict = gate.check(decision);

    // Then the action's own level check decides, not the cooldown
    assertThat(verdict).isInstanceOf(Verdict.Go.class);
  }

  @Test
  void onlyAnAppliedChangeStartsACooldown() {
    // Given a rollback of checkout that turned out to be a no-op
    SafetyGate gate = gate();
    Decision first = rollback(CHECKOUT, START);
    gate.settle(first, (Verdict.Go) gate.check(first), ActionOutcome.NO_OP);

    // When another arrives right after
    Verdict verdict = gate.check(rollback(CHECKOUT, START));

    // Then it goes
    assertThat(verdict).isInstanceOf(Verdict.Go.class);
  }

  @Test
  void scalesHaveNoCooldownByDefault() {
    // Given a scale of checkout applied
    SafetyGate gate = gate();
    apply(gate, scale(CHECKOUT));

    // When the next scale arrives at once
    Verdict verdict = gate.check(scale(CHECKOUT));

    // Then it goes, and scales never touch the breaker
    assertThat(verdict).isEqualTo(new Verdict.Go(Verdict.DryRun.OFF, false));
    assertThat(ledger.rollbacksCounted()).isZero();
  }

  @Test
  void aScaleCooldownWhenConfiguredRefusesTheNextScaleOnly() {
    // Given a scale cooldown of 5 minutes and a scale of checkout applied
    limits = limits(false, Duration.ofMinutes(10), Duration.ofMinutes(5));
    SafetyGate gate = gate();
    apply(gate, scale(CHECKOUT));

    // When a scale and a rollback of checkout arrive a minute later
    clock.advance(Duration.ofMinutes(1));
    Verdict scale = gate.check(scale(CHECKOUT));
    Verdict rollback = gate.check(rollback(CHECKOUT, clock.instant()));

    // Then the scale is refused, the rollback is not
    assertThat(scale)
        .isInstanceOfSatisfying(
            Verdict.Stop.class,
            stop ->
                assertThat(stop.reason())
                    .startsWith("cooldown: a scale of this workload was applied at"));
    assertThat(rollback).isInstanceOf(Verdict.Go.class);
  }

  @Test
  void theBreakerOpensAfterTheMostRollbacksAcrossWorkloadsAndClosesAsTheWindowMoves() {
    // Given 5 rollbacks of 5 workloads applied a minute apart, from 10:00
    SafetyGate gate = gate();
    for (int i = 0; i < 5; i++) {
      apply(gate, rollback(WorkloadId.parse("shop/Deployment/app-" + i), clock.instant()));
      clock.advance(Duration.ofMinutes(1));
    }

    // When a sixth workload's rollback arrives at 10:05
    Verdict sixth =
        gate.check(rollback(WorkloadId.parse("shop/Deployment/app-5"), clock.instant()));

    // Then it is refused until the first leaves the window, at 10:10
    assertThat(sixth)
        .isEqualTo(
            new Verdict.Stop(
                Limit.BREAKER,
                ActionOutcome.REFUSED,
                "fleet-wide breaker open: 5 rollbacks were applied across the cluster in the last"
                    + " PT10M, the most allowed (governor.actuator.breaker.max-rollbacks=5);"
                    + " rollbacks are refused until 2026-11-27T10:10:00Z; nothing was changed"));
    assertThat(gate.breakerOpen()).isTrue();
    // And scales still go
    assertThat(gate.check(scale(CHECKOUT))).isInstanceOf(Verdict.Go.class);

    // When the window has moved past the first
    clock.advance(Duration.ofMinutes(5));

    // Then the gauge drops and the next rollback goes
    assertThat(gate.breakerOpen()).isFalse();
    assertThat(gate.check(rollback(WorkloadId.parse("shop/Deployment/app-5"), clock.instant())))
        .isEqualTo(new Verdict.Go(Verdict.DryRun.OFF, true, false, true));
  }

  @Test
  void aRollbackThatChangedNothingGivesItsBreakerPlaceBack() {
    // Given a breaker of one rollback
    limits =
        new SafetyLimits(
            Duration.ofMinutes(10),
            false,
            Duration.ofMinutes(10),
            Duration.ZERO,
            1,
            Duration.ofMinutes(10));
    SafetyGate gate = gate();
    Decision first = rollback(CHECKOUT, START);

    // When the first rollback turns out to be a no-op, and a second fails to reach the API server
    gate.settle(first, (Verdict.Go) gate.check(first), ActionOutcome.NO_OP);
    Decision second = rollback(WorkloadId.parse("shop/Deployment/cart"), START);
    gate.abandon(second, (Verdict.Go) gate.check(second));

    // Then the place is free for a third
    assertThat(gate.check(rollback(WorkloadId.parse("shop/Deployment/search"), START)))
        .isEqualTo(new Verdict.Go(Verdict.DryRun.OFF, true, false, true));
  }

  @Test
  void aRetryOfARollbackAnEarlierAttemptCountedNeverGivesItsPlaceOrCooldownBack() {
    // Given a rollback admitted, whose attempt then died between the patch and its record
    SafetyGate gate = gate();
    Decision decision = rollback(CHECKOUT, START);
    assertThat(gate.check(decision)).isInstanceOf(Verdict.Go.class);

    // When the retry is admitted again, and its plan finds nothing left to do
    Verdict retry = gate.check(decision);
    gate.settle(decision, (Verdict.Go) retry, ActionOutcome.NO_OP);

    // Then the gate says it was counted before, and keeps the breaker place and the cooldown
    assertThat(retry).isEqualTo(new Verdict.Go(Verdict.DryRun.OFF, true, true, false));
    assertThat(ledger.rollbacksCounted()).isEqualTo(1);
    assertThat(gate.check(rollback(CHECKOUT, START)))
        .isInstanceOfSatisfying(
            Verdict.Stop.class, stop -> assertThat(stop.limit()).isEqualTo(Limit.COOLDOWN));
  }

  @Test
  void theCooldownIsTakenAtTheCheckSoASecondDecisionInFlightIsRefused() {
    // Given a rollback of checkout let through, not yet settled
    SafetyGate gate = gate();
    Decision first = rollback(CHECKOUT, START);
    Verdict go = gate.check(first);

    // When a second rollback of checkout is checked meanwhile
    Verdict second = gate.check(rollback(CHECKOUT, START));

    // Then it is refused by the cooldown the first holds
    assertThat(second)
        .isInstanceOfSatisfying(
            Verdict.Stop.class, stop -> assertThat(stop.limit()).isEqualTo(Limit.COOLDOWN));
    // And once the first turns out a no-op, the cooldown is free again
    gate.settle(first, (Verdict.Go) go, ActionOutcome.NO_OP);
    assertThat(gate.check(rollback(CHECKOUT, START))).isInstanceOf(Verdict.Go.class);
  }

  @Test
  void aRollbackTheBreakerRefusesLeavesTheCooldownFree() {
    // Given a breaker of one rollback, taken by cart
    limits =
        new SafetyLimits(
            Duration.ofMinutes(10),
            false,
            Duration.ofMinutes(10),
            Duration.ZERO,
            1,
            Duration.ofMinutes(10));
    SafetyGate gate = gate();
    apply(gate, rollback(WorkloadId.parse("shop/Deployment/cart"), START));

    // When a rollback of checkout is refused by the breaker
    assertThat(gate.check(rollback(CHECKOUT, START)))
        .isInstanceOfSatisfying(
            Verdict.Stop.class, stop -> assertThat(stop.limit()).isEqualTo(Limit.BREAKER));

    // Then checkout's cooldown was not kept
    assertThat(ledger.lastApplied(CHECKOUT, DecisionType.ROLLBACK)).isEmpty();
  }

  private void apply(SafetyGate gate, Decision decision) {
    Verdict verdict = gate.check(decision);
    assertThat(verdict).isInstanceOf(Verdict.Go.class);
    gate.settle(decision, (Verdict.Go) verdict, ActionOutcome.APPLIED);
  }

  private SafetyGate gate() {
    return new SafetyGate(
        limits, ledger, workload -> Optional.ofNullable(paused.get(workload)), clock, stops::add);
  }

  private static SafetyLimits limits(
      boolean dryRun, Duration rollbackCooldown, Duration scaleCooldown) {
    return new SafetyLimits(
        Duration.ofMinutes(10), dryRun, rollbackCooldown, scaleCooldown, 5, Duration.ofMinutes(10));
  }

  private Decision rollback(WorkloadId workload, Instant decidedAt) {
    return new Decision(
        "d-" + ++ids,
        DecisionType.ROLLBACK,
        workload,
        DecisionTarget.rollback("2", "1"),
        "error-rate",
        "test",
        List.of(),
        "checkout-errors",
        1,
        false,
        decidedAt);
  }

  private Decision scale(WorkloadId workload) {
    return new Decision(
        "d-" + ++ids,
        DecisionType.SCALE,
        workload,
        DecisionTarget.scale(5),
        "target-tracking",
        "test",
        List.of(),
        "checkout-capacity",
        1,
        false,
        clock.instant());
  }

  private static Decision dryRun(Decision decision) {
    return new Decision(
        decision.id(),
        decision.type(),
        decision.workload(),
        decision.target(),
        decision.rule(),
        decision.reason(),
        decision.evidence(),
        decision.policy(),
        decision.policyVersion(),
        true,
        decision.decidedAt());
  }
}

package io.governor.actuator.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.safety.InMemorySafetyLedger;
import io.governor.actuator.safety.SafetyGate;
import io.governor.actuator.safety.SafetyLimits;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionExecutorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private static final Decision DECISION =
      new Decision(
          "d-1",
          DecisionType.ROLLBACK,
          WorkloadId.parse("shop/Deployment/checkout"),
          DecisionTarget.rollback("2", "1"),
          "error-rate",
          "test",
          List.of(),
          "checkout-errors",
          1,
          false,
          CLOCK.instant());

  private final Map<String, DecisionMemory.Handled> remembered = new HashMap<>();
  private final Map<String, String> claims = new HashMap<>();
  private final java.util.Set<String> applying = new java.util.HashSet<>();
  private boolean redisAway;
  private final DecisionMemory memory =
      new DecisionMemory() {
        @Override
        public Claim claim(String decisionId) {
          if (remembered.containsKey(decisionId)) {
            return remembered.get(decisionId);
          }
          if (claims.containsKey(decisionId) && !"this".equals(claims.get(decisionId))) {
            return new HeldElsewhere(claims.get(decisionId), CLOCK.instant());
          }
          claims.put(decisionId, "this");
          return new Granted(applying.contains(decisionId));
        }

        @Override
        public void markApplying(String decisionId) {
          applying.add(decisionId);
        }

        @Override
        public void remember(ActionResult result, boolean published) {
          if (redisAway) {
            throw new IllegalStateException("redis away");
          }
          claims.remove(result.decisionId());
          remembered.put(result.decisionId(), new Handled(result, published));
        }

        @Override
        public void release(String decisionId) {
          claims.remove(decisionId);
        }
      };
  private final List<ActionResult> published = new ArrayList<>();
  private final List<ActionResult> events = new ArrayList<>();
  private static final Decision SCALE =
      new Decision(
          "d-2",
          DecisionType.SCALE,
          WorkloadId.parse("shop/Deployment/checkout"),
          DecisionTarget.scale(7),
          "target-tracking",
          "test",
          List.of(),
          "checkout-capacity",
          1,
          false,
          CLOCK.instant());

  private int rollbacksDone;
  private int scalesDone;
  private RollbackPlan nextPlan = applied();
  private boolean kafkaAway;
  private boolean apiAway;

  private final InMemorySafetyLedger ledger = new InMemorySafetyLedger();
  private SafetyLimits limits =
      new SafetyLimits(
          Duration.ofMinutes(10),
          false,
          Duration.ofMinutes(10),
          Duration.ZERO,
          5,
          Duration.ofMinutes(10));
  private final Map<WorkloadId, String> paused = new HashMap<>();

  private final DecisionExecutor executor = executor();

  private DecisionExecutor executor() {
    return new DecisionExecutor(
        memory,
        gate(),
        decision -> {
          if (apiAway) {
            throw new ActuationUnavailableException(
                ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE, "timeout", null);
          }
          rollbacksDone++;
          return nextPlan;
        },
        decision -> {
          scalesDone++;
          return new ScalePlan(
              ActionOutcome.APPLIED,
              "scaled the Deployment from 3 to 7 replicas",
              ScalePlan.Via.SCALE_SUBRESOURCE,
              "checkout",
              null,
              Map.of("replicas", "3"),
              Map.of("replicas", "7"),
              false);
        },
        result -> {
          if (kafkaAway) {
            throw new IllegalStateException("kafka away");
          }
          published.add(result);
        },
        events::add,
        CLOCK);
  }

  private SafetyGate gate() {
    return new SafetyGate(
        limits, ledger, workload -> Optional.ofNullable(paused.get(workload)), CLOCK, limit -> {});
  }

  @Test
  void aDecisionIsAppliedOnceAndItsRepeatIsARecordedNoOp() {
    ActionResult first = executor.execute(DECISION);
    ActionResult repeat = executor.execute(DECISION);

    assertThat(first.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(repeat.outcome()).isEqualTo(ActionOutcome.NO_OP);
    assertThat(repeat.reason()).contains("already handled (APPLIED");
    assertThat(rollbacksDone).isEqualTo(1);
    assertThat(published)
        .extracting(ActionResult::outcome)
        .containsExactly(ActionOutcome.APPLIED, ActionOutcome.NO_OP);
    assertThat(events).hasSize(2);
  }

  @Test
  void aResultLostOnTheWayToKafkaIsReportedOnRetryWithoutActingAgain() {
    // Given the rollback was applied but Kafka refused the result
    kafkaAway = true;
    assertThatThrownBy(() -> executor.execute(DECISION)).hasMessage("kafka away");

    // When the decision is retried once Kafka is back
    kafkaAway = false;
    ActionResult retried = executor.execute(DECISION);

    // Then the original APPLIED result goes out, and the cluster was changed once
    assertThat(retried.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(published).extracting(ActionResult::outcome).containsExactly(ActionOutcome.APPLIED);
    assertThat(rollbacksDone).isEqualTo(1);
    assertThat(remembered.get("d-1").published()).isTrue();
  }

  @Test
  void aRollbackAppliedByAnAttemptThatFailedBeforeItsRecordIsReportedAppliedOnRetry() {
    // Given the rollback was applied, but Redis failed before the result was remembered
    redisAway = true;
    assertThatThrownBy(() -> executor.execute(DECISION)).hasMessage("redis away");
    assertThat(rollbacksDone).isEqualTo(1);

    // When it is retried (here after the claim expired, as after a crash), and the live template
    // is already the target's
    redisAway = false;
    claims.clear();
    nextPlan =
        RollbackPlan.alreadyAtTarget(
            "the live template already matches revision 1; nothing to roll back",
            Map.of("revision", "3"));
    ActionResult retried = executor.execute(DECISION);

    // Then it is reported APPLIED, saying an earlier attempt applied it
    assertThat(retried.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(retried.reason())
        .isEqualTo(
            "applied by an earlier attempt at this decision, which left no result: the live"
                + " template already matches revision 1; nothing to roll back");
    assertThat(published).extracting(ActionResult::outcome).containsExactly(ActionOutcome.APPLIED);
    // And it keeps its breaker place, and the cooldown refuses the next rollback of checkout
    assertThat(ledger.rollbacksCounted()).isEqualTo(1);
    ActionResult next = executor.execute(withId(DECISION, "d-9"));
    assertThat(next.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(next.reason()).startsWith("cooldown: a rollback of this workload was applied");
  }

  @Test
  void aRetryThatFindsTheWorkloadMovedOnIsANoOpWhateverItsReasonSays() {
    // Given the rollback was applied, but Redis failed before the result was remembered
    redisAway = true;
    assertThatThrownBy(() -> executor.execute(DECISION)).hasMessage("redis away");

    // When the retry finds the revision no longer live: someone has already deployed another
    redisAway = false;
    claims.clear();
    nextPlan =
        RollbackPlan.nothing(
            ActionOutcome.NO_OP,
            "revision 2 is no longer live (already replaced by revision 4); nothing to roll back",
            Map.of("revision", "4"));
    ActionResult retried = executor.execute(DECISION);

    // Then it stays a no-op: the plan did not say the target is in place
    assertThat(retried.outcome()).isEqualTo(ActionOutcome.NO_OP);
    assertThat(retried.reason()).startsWith("revision 2 is no longer live");
  }

  @Test
  void withoutAnEarlierAttemptAtTheTargetANoOpStaysANoOpAndGivesItsPlaceBack() {
    // Given a rollback whose template is already the target's (someone rolled back by hand)
    nextPlan =
        RollbackPlan.alreadyAtTarget(
            "the live template already matches revision 1; nothing to roll back",
            Map.of("revision", "3"));

    // When
    ActionResult result = executor.execute(DECISION);

    // Then
    assertThat(result.outcome()).isEqualTo(ActionOutcome.NO_OP);
    assertThat(ledger.rollbacksCounted()).isZero();
    assertThat(executor.execute(withId(DECISION, "d-9")).outcome()).isEqualTo(ActionOutcome.NO_OP);
  }

  @Test
  void anEarlierAttemptThatGaveItsPlacesBackAppliedNothing() {
    // Given an attempt that found the API server away, and gave back its claim and places
    apiAway = true;
    assertThatThrownBy(() -> executor.execute(DECISION))
        .isInstanceOf(ActuationUnavailableException.class);

    // When the retry finds the template already restored (by hand, meanwhile)
    apiAway = false;
    nextPlan =
        RollbackPlan.alreadyAtTarget(
            "the live template already matches revision 1; nothing to roll back",
            Map.of("revision", "3"));
    ActionResult retried = executor.execute(DECISION);

    // Then it is a no-op, not counted
    assertThat(retried.outcome()).isEqualTo(ActionOutcome.NO_OP);
    assertThat(ledger.rollbacksCounted()).isZero();
  }

  @Test
  void aFinalFailureIsReportedButNotRememberedSoARedeliveryTriesAgain() {
    nextPlan =
        new RollbackPlan(
            ActionOutcome.FAILED,
            "the API server refused the patch: 403",
            null,
            Map.of(),
            Map.of(),
            false);
    executor.execute(DECISION);

    nextPlan = applied();
    ActionResult again = executor.execute(DECISION);

    assertThat(again.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(rollbacksDone).isEqualTo(2);
  }

  @Test
  void anUnreachableApiServerLeavesNoTrace() {
    DecisionExecutor failing =
        new DecisionExecutor(
            memory,
            gate(),
            decision -> {
              throw new ActuationUnavailableException(
                  ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE, "timeout", null);
            },
            decision -> {
              throw new ActuationUnavailableException(
                  ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE, "timeout", null);
            },
            published::add,
            events::add,
            CLOCK);

    assertThatThrownBy(() -> failing.execute(DECISION))
        .isInstanceOf(ActuationUnavailableException.class);
    assertThatThrownBy(() -> failing.execute(SCALE))
        .isInstanceOf(ActuationUnavailableException.class);
    assertThat(remembered).isEmpty();
    assertThat(published).isEmpty();
    // And the claims and the breaker place were given back
    assertThat(claims).isEmpty();
    assertThat(ledger.rollbacksCounted()).isZero();
  }

  @Test
  void aScaleDecisionGoesToTheScalesAndItsRepeatIsARecordedNoOp() {
    // Given a scale decision
    // When it arrives twice
    ActionResult first = executor.execute(SCALE);
    ActionResult repeat = executor.execute(SCALE);

    // Then the workload is scaled once, with what changed, and the repeat is a no-op
    assertThat(first.type()).isEqualTo(DecisionType.SCALE);
    assertThat(first.outcome()).isEqualTo(ActionOutcome.APPLIED);
    assertThat(first.before()).containsEntry("replicas", "3");
    assertThat(first.after()).containsEntry("replicas", "7");
    assertThat(repeat.outcome()).isEqualTo(ActionOutcome.NO_OP);
    assertThat(repeat.reason()).contains("already handled (APPLIED");
    assertThat(scalesDone).isEqualTo(1);
    assertThat(rollbacksDone).isZero();
    assertThat(published).extracting(ActionResult::type).containsOnly(DecisionType.SCALE);
  }

  @Test
  void aRefusalOfTheGateIsReportedAndAnnouncedLikeAnyOutcome() {
    // Given checkout is paused by annotation
    paused.put(DECISION.workload(), "the Namespace shop");

    // When
    ActionResult result = executor.execute(DECISION);

    // Then nothing is planned, and the refusal goes out with its reason, and is remembered
    assertThat(result.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(result.reason())
        .isEqualTo(
            "paused by annotation governor.io/paused=true on the Namespace shop; nothing was"
                + " changed");
    assertThat(rollbacksDone).isZero();
    assertThat(published).containsExactly(result);
    assertThat(events).containsExactly(result);
    assertThat(remembered.get("d-1").published()).isTrue();
  }

  @Test
  void anExpiredDecisionIsReportedFailedAndNotRemembered() {
    // Given a decision decided 11 minutes before now, with a time-to-live of 10
    Decision old = decidedAt(DECISION, CLOCK.instant().minus(Duration.ofMinutes(11)));

    // When
    ActionResult result = executor.execute(old);

    // Then
    assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
    assertThat(result.reason()).startsWith("expired: decided at 2026-11-27T09:49:00Z");
    assertThat(rollbacksDone).isZero();
    assertThat(published).containsExactly(result);
    assertThat(remembered).isEmpty();
    assertThat(claims).isEmpty();
  }

  @Test
  void underTheGlobalDryRunTheResultSaysSo() {
    // Given the global dry-run, and an action that reports what it would have done
    limits =
        new SafetyLimits(
            Duration.ofMinutes(10),
            true,
            Duration.ofMinutes(10),
            Duration.ZERO,
            5,
            Duration.ofMinutes(10));
    List<Decision> seen = new ArrayList<>();
    DecisionExecutor dryRunning =
        new DecisionExecutor(
            memory,
            gate(),
            decision -> {
              seen.add(decision);
              return new RollbackPlan(
                  ActionOutcome.NO_OP,
                  "dry-run: would have restored",
                  null,
                  Map.of("revision", "2"),
                  Map.of("revision", "2"),
                  false);
            },
            decision -> {
              throw new AssertionError("no scale expected");
            },
            published::add,
            events::add,
            CLOCK);

    // When
    ActionResult result = dryRunning.execute(DECISION);

    // Then the action saw a dry-run decision, and the result names the switch
    assertThat(seen).singleElement().satisfies(decision -> assertThat(decision.dryRun()).isTrue());
    assertThat(result.dryRun()).isTrue();
    assertThat(result.reason())
        .isEqualTo("dry-run (governor.actuator.dry-run is on): would have restored");
    assertThat(ledger.rollbacksCounted()).isZero();
  }

  @Test
  void aDecisionAnotherInstanceHoldsIsRetriedWithoutActing() {
    // Given another instance claimed the decision
    claims.put("d-1", "actuator-b");

    // When / Then
    assertThatThrownBy(() -> executor.execute(DECISION))
        .isInstanceOfSatisfying(
            ActuationUnavailableException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(ActuationUnavailableException.Reason.CLAIMED_ELSEWHERE));
    assertThat(rollbacksDone).isZero();
    assertThat(published).isEmpty();
    assertThat(claims).containsEntry("d-1", "actuator-b");
  }

  @Test
  void anAppliedRollbackKeepsItsBreakerPlaceAndStartsTheCooldown() {
    // When
    executor.execute(DECISION);

    // Then another rollback of checkout is refused by the cooldown
    ActionResult next = executor.execute(withId(DECISION, "d-9"));
    assertThat(ledger.rollbacksCounted()).isEqualTo(1);
    assertThat(next.outcome()).isEqualTo(ActionOutcome.REFUSED);
    assertThat(next.reason()).startsWith("cooldown: a rollback of this workload was applied");
    assertThat(rollbacksDone).isEqualTo(1);
  }

  @Test
  void aDecisionWhoseRetriesAreUsedUpIsReportedFailed() {
    // When
    ActionResult result = executor.giveUp(DECISION, CLOCK.instant(), "gave up after 8 attempt(s)");

    // Then
    assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
    assertThat(result.reason()).isEqualTo("gave up after 8 attempt(s)");
    assertThat(published).containsExactly(result);
    assertThat(events).containsExactly(result);
  }

  private static Decision decidedAt(Decision decision, Instant decidedAt) {
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
        decision.dryRun(),
        decidedAt);
  }

  private static Decision withId(Decision decision, String id) {
    return new Decision(
        id,
        decision.type(),
        decision.workload(),
        decision.target(),
        decision.rule(),
        decision.reason(),
        decision.evidence(),
        decision.policy(),
        decision.policyVersion(),
        decision.dryRun(),
        decision.decidedAt());
  }

  private static RollbackPlan applied() {
    return new RollbackPlan(
        ActionOutcome.APPLIED,
        "restored",
        null,
        Map.of("revision", "2"),
        Map.of("revision", "1"),
        false);
  }
}

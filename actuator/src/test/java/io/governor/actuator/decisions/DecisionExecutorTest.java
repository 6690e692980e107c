package io.governor.actuator.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import java.time.Clock;
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
  private final DecisionMemory memory =
      new DecisionMemory() {
        @Override
        public Optional<Handled> find(String decisionId) {
          return Optional.ofNullable(remembered.get(decisionId));
        }

        @Override
        public void remember(ActionResult result, boolean published) {
          remembered.put(result.decisionId(), new Handled(result, published));
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

  private final DecisionExecutor executor =
      new DecisionExecutor(
          memory,
          decision -> {
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
                Map.of("replicas", "7"));
          },
          result -> {
            if (kafkaAway) {
              throw new IllegalStateException("kafka away");
            }
            published.add(result);
          },
          events::add,
          CLOCK);

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
  void aFinalFailureIsReportedButNotRememberedSoARedeliveryTriesAgain() {
    nextPlan =
        new RollbackPlan(
            ActionOutcome.FAILED,
            "the API server refused the patch: 403",
            null,
            Map.of(),
            Map.of());
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

  private static RollbackPlan applied() {
    return new RollbackPlan(
        ActionOutcome.APPLIED, "restored", null, Map.of("revision", "2"), Map.of("revision", "1"));
  }
}

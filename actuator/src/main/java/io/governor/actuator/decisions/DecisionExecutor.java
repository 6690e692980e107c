package io.governor.actuator.decisions;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out one decision once in effect, and makes sure its result gets out.
 *
 * <ul>
 *   <li>A decision handled before is a no-op, recorded as such; if the first result never reached
 *       Kafka (a crash between the change and the report), that result is published now instead.
 *   <li>The action itself checks the live state first (level-based), so even a forgotten decision
 *       changes nothing twice.
 *   <li>A final failure is published but not remembered: a redelivery may try again. A failure that
 *       may pass throws, and the caller retries.
 * </ul>
 */
public final class DecisionExecutor {

  private final DecisionMemory memory;
  private final Rollbacks rollbacks;
  private final Scales scales;
  private final Consumer<ActionResult> publish;
  private final Consumer<ActionResult> recordEvent;
  private final Clock clock;

  /**
   * @param publish writes the result to Kafka and returns only once Kafka has it
   * @param recordEvent records the result as a Kubernetes Event; best-effort, never throws
   */
  public DecisionExecutor(
      DecisionMemory memory,
      Rollbacks rollbacks,
      Scales scales,
      Consumer<ActionResult> publish,
      Consumer<ActionResult> recordEvent,
      Clock clock) {
    this.memory = memory;
    this.rollbacks = rollbacks;
    this.scales = scales;
    this.publish = publish;
    this.recordEvent = recordEvent;
    this.clock = clock;
  }

  public ActionResult execute(Decision decision) {
    Instant received = clock.instant();
    Optional<DecisionMemory.Handled> earlier = memory.find(decision.id());
    if (earlier.isPresent() && !earlier.get().published()) {
      ActionResult unreported = earlier.get().result();
      report(unreported);
      return unreported;
    }
    Done done =
        earlier.isPresent()
            ? alreadyHandled(earlier.get().result())
            : switch (decision.type()) {
              case ROLLBACK -> Done.of(rollbacks.rollback(decision));
              case SCALE -> Done.of(scales.scale(decision));
            };
    ActionResult result =
        new ActionResult(
            decision.id(),
            decision.type(),
            decision.workload(),
            done.outcome(),
            done.reason(),
            done.before(),
            done.after(),
            decision.dryRun(),
            received,
            clock.instant());
    boolean remember = earlier.isEmpty() && result.outcome() != ActionOutcome.FAILED;
    if (remember) {
      // Remembered before it is reported: a crash in between re-reports, never re-applies.
      memory.remember(result, false);
    }
    publish.accept(result);
    if (remember) {
      memory.remember(result, true);
    }
    recordEvent.accept(result);
    return result;
  }

  private void report(ActionResult result) {
    publish.accept(result);
    memory.remember(result, true);
    recordEvent.accept(result);
  }

  private static Done alreadyHandled(ActionResult first) {
    return new Done(
        ActionOutcome.NO_OP,
        "decision already handled ("
            + first.outcome()
            + " at "
            + first.completedAt()
            + "); nothing done again",
        Map.of(),
        Map.of());
  }

  /** What any action did, as the result reports it; each action's plan says more. */
  private record Done(
      ActionOutcome outcome, String reason, Map<String, String> before, Map<String, String> after) {

    static Done of(RollbackPlan plan) {
      return new Done(plan.outcome(), plan.reason(), plan.before(), plan.after());
    }

    static Done of(ScalePlan plan) {
      return new Done(plan.outcome(), plan.reason(), plan.before(), plan.after());
    }
  }
}

package io.governor.actuator.decisions;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.safety.SafetyGate;
import io.governor.actuator.safety.Verdict;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out one decision once in effect, and makes sure its result gets out. In order:
 *
 * <ol>
 *   <li>Repeat: the decision is claimed in the shared memory first. One handled before is a no-op,
 *       recorded as such; if the first result never reached Kafka (a crash between the change and
 *       the report), that result is published now instead. One another replica holds now is retried
 *       later, when its result is there.
 *   <li>The {@link SafetyGate}: time-to-live, pause, dry-run, cooldown, breaker.
 *   <li>The action, which checks the live state first (level-based), so even a forgotten decision
 *       changes nothing twice. Just before it sends anything, the decision is marked "applying": a
 *       retry that finds the mark and the workload already at the target reports APPLIED (an
 *       earlier attempt applied it and died, or Redis failed, before recording it), and the gate
 *       keeps what that attempt counted.
 * </ol>
 *
 * <p>A final failure is published but not remembered: a redelivery may try again. A failure that
 * may pass throws, gives the claim back, and the caller retries.
 */
public final class DecisionExecutor {

  /** How the actions begin the reason of a dry-run. */
  private static final String DRY_RUN = "dry-run: ";

  private final DecisionMemory memory;
  private final SafetyGate gate;
  private final Rollbacks rollbacks;
  private final Scales scales;
  private final Consumer<ActionResult> publish;
  private final Consumer<ActionResult> announce;
  private final Clock clock;

  /**
   * @param publish writes the result to Kafka and returns only once Kafka has it
   * @param announce tells people: the Kubernetes Event, a notification; best-effort, never throws
   */
  public DecisionExecutor(
      DecisionMemory memory,
      SafetyGate gate,
      Rollbacks rollbacks,
      Scales scales,
      Consumer<ActionResult> publish,
      Consumer<ActionResult> announce,
      Clock clock) {
    this.memory = memory;
    this.gate = gate;
    this.rollbacks = rollbacks;
    this.scales = scales;
    this.publish = publish;
    this.announce = announce;
    this.clock = clock;
  }

  public ActionResult execute(Decision decision) {
    return execute(decision, clock.instant());
  }

  /**
   * @param received when the decision first arrived, before any retry
   * @throws ActuationUnavailableException when the action could not be tried now
   */
  public ActionResult execute(Decision decision, Instant received) {
    DecisionMemory.Claim claim = memory.claim(decision.id());
    if (claim instanceof DecisionMemory.Handled earlier) {
      if (!earlier.published()) {
        report(earlier.result());
        return earlier.result();
      }
      ActionResult repeat =
          result(
              decision,
              alreadyHandled(earlier.result()),
              gate.dryRun(decision) != Verdict.DryRun.OFF,
              received);
      publish.accept(repeat);
      announce.accept(repeat);
      return repeat;
    }
    if (claim instanceof DecisionMemory.HeldElsewhere held) {
      throw new ActuationUnavailableException(
          ActuationUnavailableException.Reason.CLAIMED_ELSEWHERE,
          "another actuator instance ("
              + held.holder()
              + ") has been acting on the decision since "
              + held.since(),
          null);
    }
    boolean applyingBefore = ((DecisionMemory.Granted) claim).applyingBefore();
    ActionResult result;
    try {
      Verdict verdict = gate.check(decision);
      boolean dryRun = gate.dryRun(decision) != Verdict.DryRun.OFF;
      Done done =
          verdict instanceof Verdict.Stop stop
              ? new Done(stop.outcome(), stop.reason(), Map.of(), Map.of())
              : act(decision, (Verdict.Go) verdict, applyingBefore);
      result = result(decision, done, dryRun, received);
    } catch (RuntimeException e) {
      giveBack(decision, e);
      throw e;
    }
    if (result.outcome() == ActionOutcome.FAILED) {
      memory.release(decision.id());
      publish.accept(result);
    } else {
      // Remembered before it is reported: a crash in between re-reports, never re-applies.
      memory.remember(result, false);
      publish.accept(result);
      memory.remember(result, true);
    }
    announce.accept(result);
    return result;
  }

  /**
   * Reports a decision whose retries are used up as FAILED, so it is not left without a result.
   * Nothing was changed: every failed attempt gave its claim back.
   */
  public ActionResult giveUp(Decision decision, Instant received, String reason) {
    ActionResult result =
        result(
            decision,
            new Done(ActionOutcome.FAILED, reason, Map.of(), Map.of()),
            gate.dryRun(decision) != Verdict.DryRun.OFF,
            received);
    publish.accept(result);
    announce.accept(result);
    return result;
  }

  /**
   * @param applyingBefore an earlier attempt got as far as sending the change and left no result
   */
  private Done act(Decision decision, Verdict.Go go, boolean applyingBefore) {
    Decision effective = go.dryRun() == Verdict.DryRun.GLOBAL ? decision.asDryRun() : decision;
    Done done;
    try {
      if (!go.isDryRun()) {
        // Before anything is sent: a retry after a crash between the change and its record must
        // know the change may be in place, or it would report NO_OP and give back the breaker.
        memory.markApplying(decision.id());
      }
      done =
          switch (decision.type()) {
            case ROLLBACK -> Done.of(rollbacks.rollback(effective));
            case SCALE -> Done.of(scales.scale(effective));
          };
    } catch (RuntimeException e) {
      gate.abandon(decision, go);
      throw e;
    }
    if (applyingBefore && go.countedByAnEarlierAttempt() && done.atTarget()) {
      done =
          new Done(
              ActionOutcome.APPLIED,
              "applied by an earlier attempt at this decision, which left no result: "
                  + done.reason(),
              done.before(),
              done.after());
    }
    gate.settle(decision, go, done.outcome());
    if (go.dryRun() == Verdict.DryRun.GLOBAL && done.reason().startsWith(DRY_RUN)) {
      // The actions say "dry-run: would have ..."; say which switch made it one.
      done =
          done.withReason(
              "dry-run (governor.actuator.dry-run is on): "
                  + done.reason().substring(DRY_RUN.length()));
    }
    return done;
  }

  /** The claim (and a breaker place) go back, so a retry or another replica may act. */
  private void giveBack(Decision decision, RuntimeException failure) {
    try {
      memory.release(decision.id());
    } catch (RuntimeException releaseFailed) {
      // The claim then expires on its own; the original failure is what the caller must see.
      failure.addSuppressed(releaseFailed);
    }
  }

  private void report(ActionResult result) {
    publish.accept(result);
    memory.remember(result, true);
    announce.accept(result);
  }

  private ActionResult result(Decision decision, Done done, boolean dryRun, Instant received) {
    return new ActionResult(
        decision.id(),
        decision.type(),
        decision.workload(),
        done.outcome(),
        done.reason(),
        done.before(),
        done.after(),
        dryRun,
        received,
        clock.instant());
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
      ActionOutcome outcome,
      String reason,
      Map<String, String> before,
      Map<String, String> after,
      boolean atTarget) {

    Done(
        ActionOutcome outcome,
        String reason,
        Map<String, String> before,
        Map<String, String> after) {
      this(outcome, reason, before, after, false);
    }

    static Done of(RollbackPlan plan) {
      return new Done(plan.outcome(), plan.reason(), plan.before(), plan.after(), plan.atTarget());
    }

    static Done of(ScalePlan plan) {
      return new Done(plan.outcome(), plan.reason(), plan.before(), plan.after(), plan.atTarget());
    }

    Done withReason(String reason) {
      return new Done(outcome, reason, before, after, atTarget);
    }
  }
}

package io.governor.actuator.safety;

import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The safety limits an operator sets, checked on every decision after the repeat check and before
 * anything is planned, in this order:
 *
 * <ol>
 *   <li>time-to-live: a decision older than {@code decision-ttl} (from its {@code decidedAt}, time
 *       spent retrying included) is FAILED "expired";
 *   <li>pause: {@code governor.io/paused: "true"} on the workload or its namespace refuses it;
 *   <li>dry-run (the decision's or the global one): planned and reported, never applied, so the
 *       limits below neither refuse nor count it;
 *   <li>cooldown: a change of the same type applied to the workload within its cooldown refuses it;
 *       the check takes the cooldown atomically ({@code SET NX}), and {@link #settle} gives it back
 *       unless the change was applied;
 *   <li>breaker (rollbacks only): at most {@code max-rollbacks} applied across the cluster within
 *       the window; the check counts the rollback atomically, and {@link #settle} withdraws it
 *       unless it was applied.
 * </ol>
 *
 * <p>The state behind cooldown and breaker changes only for a change that was applied.
 */
public final class SafetyGate {

  private final SafetyLimits limits;
  private final SafetyLedger ledger;
  private final PauseAnnotations pauses;
  private final Clock clock;
  private final Consumer<Limit> onStop;

  /** Until when the breaker refuses, as this instance last saw it; null when it admitted. */
  private volatile Instant breakerOpenUntil;

  /**
   * @param onStop told of every decision a limit stopped (for the metric)
   */
  public SafetyGate(
      SafetyLimits limits,
      SafetyLedger ledger,
      PauseAnnotations pauses,
      Clock clock,
      Consumer<Limit> onStop) {
    this.limits = limits;
    this.ledger = ledger;
    this.pauses = pauses;
    this.clock = clock;
    this.onStop = onStop;
  }

  public Verdict check(Decision decision) {
    Instant now = clock.instant();
    Instant expiry = expiry(decision);
    if (now.isAfter(expiry)) {
      return stop(
          Limit.EXPIRED,
          ActionOutcome.FAILED,
          expired(decision) + " before it could be carried out; nothing was changed");
    }
    Optional<String> paused = pauses.pausedBy(decision.workload());
    if (paused.isPresent()) {
      return stop(
          Limit.PAUSED,
          ActionOutcome.REFUSED,
          "paused by annotation "
              + PauseAnnotations.ANNOTATION
              + "=true on "
              + paused.get()
              + "; nothing was changed");
    }
    Verdict.DryRun dryRun = dryRun(decision);
    if (dryRun != Verdict.DryRun.OFF) {
      return new Verdict.Go(dryRun, false);
    }
    Duration cooldown = limits.cooldown(decision.type());
    boolean cooldownTaken = false;
    boolean countedBefore = false;
    if (!cooldown.isZero()) {
      SafetyLedger.Reservation reservation =
          ledger.reserveCooldown(
              decision.workload(),
              decision.type(),
              new SafetyLedger.Applied(decision.id(), now),
              cooldown);
      if (!reservation.reserved()) {
        onStop.accept(Limit.COOLDOWN);
        return coolingDown(decision, reservation.holder().orElseThrow(), cooldown);
      }
      cooldownTaken = !reservation.ownEarlier();
      countedBefore = reservation.ownEarlier();
    }
    if (decision.type() != DecisionType.ROLLBACK) {
      return new Verdict.Go(Verdict.DryRun.OFF, false, countedBefore, cooldownTaken);
    }
    SafetyLedger.Admission admission;
    try {
      admission =
          ledger.admitRollback(
              decision.id(), now, limits.breakerWindow(), limits.breakerMaxRollbacks());
    } catch (RuntimeException e) {
      if (cooldownTaken) {
        releaseQuietly(decision, e);
      }
      throw e;
    }
    if (admission.admitted()) {
      breakerOpenUntil = null;
      return new Verdict.Go(
          Verdict.DryRun.OFF, true, countedBefore || admission.alreadyCounted(), cooldownTaken);
    }
    if (cooldownTaken) {
      ledger.releaseCooldown(decision.workload(), decision.type(), decision.id());
    }
    Instant closes = admission.oldest().plus(limits.breakerWindow());
    breakerOpenUntil = closes;
    return stop(
        Limit.BREAKER,
        ActionOutcome.REFUSED,
        "fleet-wide breaker open: "
            + admission.inWindow()
            + " rollbacks were applied across the cluster in the last "
            + limits.breakerWindow()
            + ", the most allowed (governor.actuator.breaker.max-rollbacks="
            + limits.breakerMaxRollbacks()
            + "); rollbacks are refused until "
            + closes
            + "; nothing was changed");
  }

  /**
   * Records what came of a decision the gate let through: an applied change stamps the workload's
   * cooldown and keeps its place in the breaker; anything else gives back what this attempt took.
   * What an earlier attempt at the decision counted is never given back: that attempt may have
   * applied the change and died before it could say so.
   */
  public void settle(Decision decision, Verdict.Go go, ActionOutcome outcome) {
    if (go.isDryRun()) {
      return;
    }
    if (outcome == ActionOutcome.APPLIED) {
      Duration cooldown = limits.cooldown(decision.type());
      if (!cooldown.isZero()) {
        ledger.stampApplied(
            decision.workload(),
            decision.type(),
            new SafetyLedger.Applied(decision.id(), clock.instant()),
            cooldown);
      }
    } else {
      giveBack(decision, go);
    }
  }

  /** The action could not be tried (it will be retried): nothing was applied. */
  public void abandon(Decision decision, Verdict.Go go) {
    giveBack(decision, go);
  }

  private void giveBack(Decision decision, Verdict.Go go) {
    if (go.countedBefore()) {
      return;
    }
    if (go.cooldownTaken()) {
      ledger.releaseCooldown(decision.workload(), decision.type(), decision.id());
    }
    if (go.rollbackCounted()) {
      ledger.withdrawRollback(decision.id());
    }
  }

  private void releaseQuietly(Decision decision, RuntimeException failure) {
    try {
      ledger.releaseCooldown(decision.workload(), decision.type(), decision.id());
    } catch (RuntimeException releaseFailed) {
      // It then expires with the cooldown.
      failure.addSuppressed(releaseFailed);
    }
  }

  /** Whether this decision is dry-run, and because of what. */
  public Verdict.DryRun dryRun(Decision decision) {
    if (decision.dryRun()) {
      return Verdict.DryRun.DECISION;
    }
    return limits.dryRun() ? Verdict.DryRun.GLOBAL : Verdict.DryRun.OFF;
  }

  /** When the decision's time-to-live runs out. */
  public Instant expiry(Decision decision) {
    return decision.decidedAt().plus(limits.decisionTtl());
  }

  /**
   * A decision another instance held until its time-to-live ran out, with no result stored: an
   * expiry like the ones {@link #check} stops, counted the same way.
   *
   * @param held who held it and since when, for the reason
   */
  public Verdict.Stop expiredWhileHeld(Decision decision, String held) {
    return stop(
        Limit.EXPIRED,
        ActionOutcome.FAILED,
        expired(decision) + " with no result stored: " + held + "; this instance changed nothing");
  }

  private String expired(Decision decision) {
    return "expired: decided at "
        + decision.decidedAt()
        + ", its time-to-live of "
        + limits.decisionTtl()
        + " ran out at "
        + expiry(decision);
  }

  /** Whether the breaker refused the last rollback this instance asked about, and still would. */
  public boolean breakerOpen() {
    Instant until = breakerOpenUntil;
    return until != null && clock.instant().isBefore(until);
  }

  private static Verdict.Stop coolingDown(
      Decision decision, SafetyLedger.Applied last, Duration cooldown) {
    String what = decision.type().name().toLowerCase(Locale.ROOT);
    return new Verdict.Stop(
        Limit.COOLDOWN,
        ActionOutcome.REFUSED,
        "cooldown: a "
            + what
            + " of this workload was applied at "
            + last.at()
            + " (decision "
            + last.decisionId()
            + "); the next "
            + what
            + " is allowed from "
            + last.at().plus(cooldown)
            + " (cooldown "
            + cooldown
            + "); nothing was changed");
  }

  private Verdict.Stop stop(Limit limit, ActionOutcome outcome, String reason) {
    onStop.accept(limit);
    return new Verdict.Stop(limit, outcome, reason);
  }
}

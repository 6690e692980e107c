package io.governor.actuator.decisions;

import io.governor.contracts.ActionResult;
import java.time.Instant;

/**
 * Which decisions were handled, by any replica, and whether their result was published; and which
 * one is being handled right now, so two replicas given the same decision cannot both act on it.
 */
public interface DecisionMemory {

  /** What {@link #claim} found. */
  sealed interface Claim permits Granted, Handled, HeldElsewhere {}

  /**
   * The caller holds the decision now: no other replica acts on it until it is remembered.
   *
   * @param applyingBefore an earlier attempt got as far as sending the change ({@link
   *     #markApplying}) and left no result: it may have applied it
   */
  record Granted(boolean applyingBefore) implements Claim {

    public Granted() {
      this(false);
    }
  }

  /** A decision handled before, with its result. */
  record Handled(ActionResult result, boolean published) implements Claim {}

  /** Another replica is acting on it now. */
  record HeldElsewhere(String holder, Instant since) implements Claim {}

  /**
   * Claims a decision before acting on it, in one atomic step: granted only when no replica has
   * handled it or holds it. A claim expires on its own, should its holder die.
   */
  Claim claim(String decisionId);

  /**
   * Notes, before the change is sent, that the caller is applying the decision, so that a retry
   * after a crash or a failure before {@link #remember} knows the change may be in place already.
   */
  void markApplying(String decisionId);

  /** Records the result; it replaces the claim. */
  void remember(ActionResult result, boolean published);

  /** Gives up the caller's claim without a result to remember, so a redelivery may act. */
  void release(String decisionId);
}

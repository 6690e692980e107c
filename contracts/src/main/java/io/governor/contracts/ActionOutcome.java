package io.governor.contracts;

/** How the actuator dealt with a decision. */
public enum ActionOutcome {
  /** The change was made. */
  APPLIED,
  /** Nothing needed doing: a repeat, or the live state already is what was asked. */
  NO_OP,
  /** A safety limit or the live state forbade it. */
  REFUSED,
  /** It was tried and failed. */
  FAILED
}

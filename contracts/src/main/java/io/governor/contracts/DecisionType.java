package io.governor.contracts;

/** What a decision asks the actuator to do. */
public enum DecisionType {
  /** Restore the pod template of an earlier revision. */
  ROLLBACK,
  /** Set the replica count. */
  SCALE
}

package io.governor.engine.rollback;

/** A rule's view of a revision at one moment. */
public enum Verdict {
  /** The revision is good by this rule. */
  PASS,
  /** The revision is bad by this rule: roll back. */
  FAIL,
  /** Not enough evidence yet either way. */
  INCONCLUSIVE;

  public String json() {
    return name().toLowerCase();
  }
}

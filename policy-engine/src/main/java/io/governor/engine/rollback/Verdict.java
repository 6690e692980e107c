package io.governor.engine.rollback;

/** What judging a revision came to. Each has its own consequence; none is a silent pass. */
public enum Verdict {
  /** The revision is good by this rule. */
  PASS,
  /** The revision is bad by this rule: roll back. */
  FAIL,
  /** Not enough evidence yet either way. */
  INCONCLUSIVE,
  /** The revision sent no metrics for longer than the policy allows. */
  NO_DATA,
  /** The metrics source reported that it is failing. */
  SOURCE_ERROR;

  public String json() {
    return name().toLowerCase().replace('_', '-');
  }
}

package io.governor.engine.policy;

/**
 * What an analysis that ran its course without enough evidence leads to: too few requests to judge
 * is its own outcome, never a silent pass.
 *
 * @param consequence {@code alert} (default), {@code rollback} or {@code pass}
 */
public record OutcomeRule(NoDataRule.Consequence consequence) {

  public NoDataRule.Consequence effectiveConsequence() {
    return consequence == null ? NoDataRule.Consequence.ALERT : consequence;
  }
}

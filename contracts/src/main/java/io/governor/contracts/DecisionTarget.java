package io.governor.contracts;

/**
 * The state a decision asks for.
 *
 * @param fromRevision the revision judged bad (rollback): if it is no longer live, nothing is done
 * @param toRevision the revision whose pod template a rollback restores
 * @param replicas the replica count a scale sets
 */
public record DecisionTarget(String fromRevision, String toRevision, Integer replicas) {

  public static DecisionTarget rollback(String fromRevision, String toRevision) {
    return new DecisionTarget(fromRevision, toRevision, null);
  }

  public static DecisionTarget scale(int replicas) {
    return new DecisionTarget(null, null, replicas);
  }
}

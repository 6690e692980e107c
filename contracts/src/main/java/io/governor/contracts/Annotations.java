package io.governor.contracts;

/** Annotations one service writes on a cluster object and another reads. */
public final class Annotations {

  /**
   * Written by the actuator on a Deployment it rolls back: the revision whose ReplicaSet the
   * rollback restores, as numbered before the controller renumbers it (the last entry of its {@code
   * revision-history} afterwards). The deployment watch skips judging that restored revision, and
   * only that.
   */
  public static final String ROLLED_BACK_TO = "governor.io/rolled-back-to";

  private Annotations() {}
}

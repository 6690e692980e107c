package io.governor.actuator.decisions;

import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.Decision;

/**
 * Sends a rollback to what undoes it for the workload's kind: a Service's is a blue-green switch of
 * its selector, anything else goes to the Deployment rollback (which refuses what it cannot undo).
 */
public final class RollbacksByKind implements Rollbacks {

  private final Rollbacks deployments;
  private final Rollbacks services;

  public RollbacksByKind(Rollbacks deployments, Rollbacks services) {
    this.deployments = deployments;
    this.services = services;
  }

  @Override
  public RollbackPlan rollback(Decision decision) {
    return "Service".equals(decision.workload().kind())
        ? services.rollback(decision)
        : deployments.rollback(decision);
  }
}

package io.governor.actuator.rollback.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.Rollbacks;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.decisions.kubernetes.PlannedPatches;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.rollback.RollbackPlanner;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Reads the live Deployment and its ReplicaSets, lets {@link RollbackPlanner} decide, and sends its
 * patch through {@link PlannedPatches}: the one place a rollback touches the cluster.
 */
@ApplicationScoped
public class DeploymentRollbacks implements Rollbacks {

  private final KubernetesClient client;
  private final ActuatorConfig config;

  public DeploymentRollbacks(KubernetesClient client, ActuatorConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public RollbackPlan rollback(Decision decision) {
    WorkloadId workload = decision.workload();
    if (!"Deployment".equals(workload.kind())) {
      return refused(
          "rollback of a "
              + workload.kind()
              + " is not supported; only Deployments, and Services (blue-green)");
    }
    return PlannedPatches.apply(
        decision,
        config.conflictRetries(),
        () -> readAndPlan(decision),
        plan -> "the Deployment",
        plan ->
            deployment(workload).patch(PatchContext.of(PatchType.JSON), plan.patch().toString()));
  }

  private RollbackPlan readAndPlan(Decision decision) {
    WorkloadId workload = decision.workload();
    Deployment live;
    List<JsonNode> sets;
    try {
      live = deployment(workload).get();
      if (live == null) {
        return refused("the Deployment does not exist");
      }
      sets =
          client.apps().replicaSets().inNamespace(workload.namespace()).list().getItems().stream()
              .map(set -> PlannedPatches.json(client, set))
              .toList();
    } catch (KubernetesClientException e) {
      throw ApiFailures.unavailable("reading the Deployment", e);
    }
    return RollbackPlanner.plan(decision, PlannedPatches.json(client, live), sets);
  }

  private RollableScalableResource<Deployment> deployment(WorkloadId workload) {
    return client.apps().deployments().inNamespace(workload.namespace()).withName(workload.name());
  }

  private static RollbackPlan refused(String reason) {
    return RollbackPlan.nothing(ActionOutcome.REFUSED, reason, Map.of());
  }
}

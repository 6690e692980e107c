package io.governor.actuator.bluegreen.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.governor.actuator.bluegreen.SelectorSwitchPlanner;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.Rollbacks;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.decisions.kubernetes.PlannedPatches;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Reads the live Service and the Deployments of its namespace, lets {@link SelectorSwitchPlanner}
 * decide, and sends its patch through {@link PlannedPatches}: the one place a blue-green rollback
 * touches the cluster.
 */
@ApplicationScoped
public class ServiceSelectorSwitches implements Rollbacks {

  private final KubernetesClient client;
  private final ActuatorConfig config;

  public ServiceSelectorSwitches(KubernetesClient client, ActuatorConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public RollbackPlan rollback(Decision decision) {
    WorkloadId workload = decision.workload();
    return PlannedPatches.apply(
        decision,
        config.conflictRetries(),
        () -> readAndPlan(workload, decision),
        plan -> "the Service",
        plan -> service(workload).patch(PatchContext.of(PatchType.JSON), plan.patch().toString()));
  }

  private RollbackPlan readAndPlan(WorkloadId workload, Decision decision) {
    Service live;
    List<JsonNode> deployments;
    try {
      live = service(workload).get();
      if (live == null) {
        return RollbackPlan.nothing(ActionOutcome.REFUSED, "the Service does not exist", Map.of());
      }
      deployments =
          client.apps().deployments().inNamespace(workload.namespace()).list().getItems().stream()
              .map(deployment -> PlannedPatches.json(client, deployment))
              .toList();
    } catch (KubernetesClientException e) {
      throw ApiFailures.unavailable("reading the Service and the Deployments of its namespace", e);
    }
    return SelectorSwitchPlanner.plan(decision, PlannedPatches.json(client, live), deployments);
  }

  private ServiceResource<Service> service(WorkloadId workload) {
    return client.services().inNamespace(workload.namespace()).withName(workload.name());
  }
}

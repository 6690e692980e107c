package io.governor.actuator.rollback.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.Rollbacks;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.rollback.RollbackPlanner;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;

/**
 * Reads the live Deployment and its ReplicaSets, lets {@link RollbackPlanner} decide, and sends its
 * patch: the one place a rollback touches the cluster. A 409 means the Deployment changed since it
 * was read: read again and decide again.
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
    for (int attempt = 0; ; attempt++) {
      Deployment live;
      List<JsonNode> sets;
      try {
        live =
            client
                .apps()
                .deployments()
                .inNamespace(workload.namespace())
                .withName(workload.name())
                .get();
        if (live == null) {
          return refused("the Deployment does not exist");
        }
        sets =
            client.apps().replicaSets().inNamespace(workload.namespace()).list().getItems().stream()
                .map(this::json)
                .toList();
      } catch (KubernetesClientException e) {
        throw ApiFailures.unavailable("reading the Deployment", e);
      }
      RollbackPlan plan = RollbackPlanner.plan(decision, json(live), sets);
      if (!plan.hasPatch()) {
        return plan;
      }
      if (decision.dryRun()) {
        return new RollbackPlan(
            ActionOutcome.NO_OP,
            "dry-run: would have " + plan.reason(),
            plan.patch(),
            plan.before(),
            plan.before());
      }
      try {
        client
            .apps()
            .deployments()
            .inNamespace(workload.namespace())
            .withName(workload.name())
            .patch(PatchContext.of(PatchType.JSON), plan.patch().toString());
        return plan;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          if (attempt < config.conflictRetries()) {
            continue;
          }
          throw ApiFailures.conflicts("the Deployment", attempt + 1, e);
        }
        if (ApiFailures.mayPass(e)) {
          throw ApiFailures.unavailable("patching the Deployment", e);
        }
        // Forbidden, invalid, gone: trying again will not help; the result says why.
        return new RollbackPlan(
            ActionOutcome.FAILED,
            "the API server refused the patch: " + e.getCode() + " " + e.getMessage(),
            plan.patch(),
            plan.before(),
            plan.before());
      }
    }
  }

  private static RollbackPlan refused(String reason) {
    return new RollbackPlan(ActionOutcome.REFUSED, reason, null, Map.of(), Map.of());
  }

  private JsonNode json(Object object) {
    try {
      return EventCodec.mapper().readTree(client.getKubernetesSerialization().asJson(object));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the API server's object cannot be read as JSON", e);
    }
  }
}

package io.governor.actuator.bluegreen.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.governor.actuator.bluegreen.SelectorSwitchPlanner;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.Rollbacks;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads the live Service and the Deployments of its namespace, lets {@link SelectorSwitchPlanner}
 * decide, and sends its patch: the one place a blue-green rollback touches the cluster. A 409 means
 * the Service changed since it was read: read again and decide again.
 */
@ApplicationScoped
public class ServiceSelectorSwitches implements Rollbacks {

  private static final Logger LOG = Logger.getLogger(ServiceSelectorSwitches.class);

  private final KubernetesClient client;
  private final ActuatorConfig config;

  public ServiceSelectorSwitches(KubernetesClient client, ActuatorConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public RollbackPlan rollback(Decision decision) {
    WorkloadId workload = decision.workload();
    for (int attempt = 0; ; attempt++) {
      Service live;
      List<JsonNode> deployments;
      try {
        live = client.services().inNamespace(workload.namespace()).withName(workload.name()).get();
        if (live == null) {
          return RollbackPlan.nothing(
              ActionOutcome.REFUSED, "the Service does not exist", Map.of());
        }
        deployments =
            client.apps().deployments().inNamespace(workload.namespace()).list().getItems().stream()
                .map(this::json)
                .toList();
      } catch (KubernetesClientException e) {
        throw ApiFailures.unavailable(
            "reading the Service and the Deployments of its namespace", e);
      }
      RollbackPlan plan = SelectorSwitchPlanner.plan(decision, json(live), deployments);
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
            .services()
            .inNamespace(workload.namespace())
            .withName(workload.name())
            .patch(PatchContext.of(PatchType.JSON), plan.patch().toString());
        return plan;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          if (attempt < config.conflictRetries()) {
            LOG.infof(
                "decisionId=%s workload=%s: the Service changed since it was read (409), planning"
                    + " again",
                decision.id(), workload);
            continue;
          }
          throw ApiFailures.conflicts("the Service", attempt + 1, e);
        }
        if (ApiFailures.mayPass(e)) {
          throw ApiFailures.unavailable("patching the Service", e);
        }
        // Forbidden, invalid, gone: trying again will not help; the result says why.
        return new RollbackPlan(
            ActionOutcome.FAILED,
            "the API server refused the patch of the Service: "
                + e.getCode()
                + " "
                + e.getMessage(),
            plan.patch(),
            plan.before(),
            plan.before());
      }
    }
  }

  private JsonNode json(Object object) {
    try {
      return EventCodec.mapper().readTree(client.getKubernetesSerialization().asJson(object));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the API server's object cannot be read as JSON", e);
    }
  }
}

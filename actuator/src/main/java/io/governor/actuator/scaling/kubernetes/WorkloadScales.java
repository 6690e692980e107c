package io.governor.actuator.scaling.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.Scales;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.decisions.kubernetes.PlannedPatches;
import io.governor.actuator.scaling.ScalePlan;
import io.governor.actuator.scaling.ScalePlanner;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Reads the live workload and the HorizontalPodAutoscalers of its namespace, lets {@link
 * ScalePlanner} decide, and sends its patch through {@link PlannedPatches}: the one place a scale
 * touches the cluster.
 */
@ApplicationScoped
public class WorkloadScales implements Scales {

  /**
   * The kinds with a {@code scale} subresource that the actuator scales. Read as generic objects:
   * the subresource answers with an autoscaling/v1 Scale, not the workload's own type.
   */
  private static final Map<String, ResourceDefinitionContext> SCALABLE =
      Map.of(
          "Deployment", apps("Deployment", "deployments"),
          "StatefulSet", apps("StatefulSet", "statefulsets"));

  private final KubernetesClient client;
  private final ActuatorConfig config;

  public WorkloadScales(KubernetesClient client, ActuatorConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public ScalePlan scale(Decision decision) {
    WorkloadId workload = decision.workload();
    ResourceDefinitionContext type = SCALABLE.get(workload.kind());
    if (type == null) {
      return refused(
          "scaling a " + workload.kind() + " is not supported; only Deployments and StatefulSets");
    }
    String subject = "the " + workload.kind();
    return PlannedPatches.apply(
        decision,
        config.conflictRetries(),
        () -> readAndPlan(type, decision, subject),
        plan -> target(plan, subject),
        plan -> send(type, workload, plan));
  }

  private ScalePlan readAndPlan(ResourceDefinitionContext type, Decision decision, String subject) {
    WorkloadId workload = decision.workload();
    JsonNode live;
    List<JsonNode> autoscalers;
    try {
      GenericKubernetesResource found = workload(type, workload).get();
      if (found == null) {
        return refused(subject + " does not exist");
      }
      live = PlannedPatches.json(client, found);
      autoscalers =
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace(workload.namespace())
              .list()
              .getItems()
              .stream()
              .map(autoscaler -> PlannedPatches.json(client, autoscaler))
              .toList();
    } catch (KubernetesClientException e) {
      throw ApiFailures.unavailable("reading " + subject + " and its autoscalers", e);
    }
    return ScalePlanner.plan(decision, live, autoscalers);
  }

  private void send(ResourceDefinitionContext type, WorkloadId workload, ScalePlan plan) {
    switch (plan.via()) {
      case SCALE_SUBRESOURCE ->
          workload(type, workload)
              .subresource("scale")
              .patch(PatchContext.of(PatchType.JSON_MERGE), plan.patch().toString());
      case AUTOSCALER ->
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace(workload.namespace())
              .withName(plan.name())
              .patch(PatchContext.of(PatchType.JSON), plan.patch().toString());
    }
  }

  private Resource<GenericKubernetesResource> workload(
      ResourceDefinitionContext type, WorkloadId workload) {
    return client
        .genericKubernetesResources(type)
        .inNamespace(workload.namespace())
        .withName(workload.name());
  }

  private static String target(ScalePlan plan, String subject) {
    return plan.via() == ScalePlan.Via.AUTOSCALER
        ? "HorizontalPodAutoscaler " + plan.name()
        : subject + "'s scale";
  }

  private static ResourceDefinitionContext apps(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("apps")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  private static ScalePlan refused(String reason) {
    return ScalePlan.nothing(ActionOutcome.REFUSED, reason, Map.of());
  }
}

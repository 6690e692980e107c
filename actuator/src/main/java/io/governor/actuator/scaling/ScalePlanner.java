package io.governor.actuator.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plans a scale decision from the live workload and the HorizontalPodAutoscalers of its namespace
 * (as JSON, the way the API serves them).
 *
 * <ul>
 *   <li>No autoscaler targets the workload: set {@code spec.replicas} through the {@code scale}
 *       subresource, as {@code kubectl scale --resource-version} does.
 *   <li>One does: it owns the replica count and would undo a direct scale within seconds, so its
 *       bounds move instead: {@code minReplicas} becomes the count asked for, and {@code
 *       maxReplicas} rises to it if it is lower; never below the bounds its owner gave it, which
 *       are kept in annotations at the first change and given back when less is asked. A KEDA
 *       ScaledObject's HPA is refused: KEDA would undo the change.
 * </ul>
 *
 * <p>It is level-based: a workload or autoscaler already where the decision wants it plans nothing.
 * Every patch is conditional on the {@code resourceVersion} that was read.
 */
public final class ScalePlanner {

  /** What the API server fills in for a missing {@code spec.replicas} or {@code minReplicas}. */
  static final int DEFAULT_REPLICAS = 1;

  /** Where the HPA's own bounds are kept at Governor's first change to it. */
  static final String OWN_MIN = "governor.io/own-min-replicas";

  static final String OWN_MAX = "governor.io/own-max-replicas";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ScalePlanner() {}

  /**
   * @param workload the live Deployment or StatefulSet the decision names
   * @param autoscalers the autoscaling/v2 HorizontalPodAutoscalers of its namespace, any target
   */
  public static ScalePlan plan(Decision decision, JsonNode workload, List<JsonNode> autoscalers) {
    int desired = decision.target().replicas();
    WorkloadId id = decision.workload();
    int replicas = workload.path("spec").path("replicas").asInt(DEFAULT_REPLICAS);
    List<JsonNode> owners = autoscalers.stream().filter(hpa -> targets(hpa, id)).toList();

    if (owners.size() > 1) {
      return ScalePlan.nothing(
          ActionOutcome.REFUSED,
          "HorizontalPodAutoscalers "
              + owners.stream().map(ScalePlanner::name).sorted().collect(Collectors.joining(", "))
              + " all target the "
              + id.kind()
              + "; which one to adjust is ambiguous, so nothing is changed",
          Map.of("replicas", String.valueOf(replicas)));
    }
    if (owners.size() == 1) {
      return viaAutoscaler(desired, id, replicas, owners.get(0));
    }
    return viaScaleSubresource(desired, id, replicas, workload);
  }

  private static ScalePlan viaScaleSubresource(
      int desired, WorkloadId id, int replicas, JsonNode workload) {
    Map<String, String> before = Map.of("replicas", String.valueOf(replicas));
    if (replicas == desired) {
      return ScalePlan.alreadyAtTarget("already at " + desired + " replicas", before);
    }
    ObjectNode patch = JSON.objectNode();
    // The scale subresource carries the workload's resourceVersion: sending it makes the patch
    // conditional, so a workload changed since it was read answers 409 instead of being scaled.
    patch.putObject("metadata").put("resourceVersion", resourceVersion(workload));
    patch.putObject("spec").put("replicas", desired);
    return new ScalePlan(
        ActionOutcome.APPLIED,
        "scaled the " + id.kind() + " from " + replicas + " to " + desired + " replicas",
        ScalePlan.Via.SCALE_SUBRESOURCE,
        id.name(),
        patch,
        before,
        Map.of("replicas", String.valueOf(desired)),
        false);
  }

  private static ScalePlan viaAutoscaler(
      int desired, WorkloadId id, int replicas, JsonNode autoscaler) {
    String name = name(autoscaler);
    JsonNode spec = autoscaler.path("spec");
    int min = spec.path("minReplicas").asInt(DEFAULT_REPLICAS);
    int max = spec.path("maxReplicas").asInt(min);
    Map<String, String> before = bounds(name, min, max);
    String owner = kedaOwner(autoscaler);
    if (owner != null) {
      // KEDA rewrites its HPA from the ScaledObject: a change here would be undone.
      return ScalePlan.nothing(
          ActionOutcome.REFUSED,
          "HorizontalPodAutoscaler "
              + name
              + " belongs to KEDA ScaledObject "
              + owner
              + ", which would undo a change to it; set the ScaledObject's minReplicaCount instead",
          before);
    }
    if (desired == 0) {
      // minReplicas 0 needs the alpha HPAScaleToZero gate; the API server would refuse the patch.
      return ScalePlan.nothing(
          ActionOutcome.REFUSED,
          "HorizontalPodAutoscaler "
              + name
              + " scales the "
              + id.kind()
              + " and cannot hold it at 0 replicas (minReplicas must be at least 1); remove it"
              + " to scale to zero",
          before);
    }
    // The HPA's own bounds, as its owner set them, are remembered on it at the first change:
    // Governor raises the floor above them and gives them back, never goes below them.
    JsonNode annotations = autoscaler.path("metadata").path("annotations");
    int ownMin = annotations.path(OWN_MIN).asInt(min);
    int ownMax = annotations.path(OWN_MAX).asInt(max);
    int newMin = Math.max(desired, ownMin);
    int newMax = Math.max(ownMax, newMin);
    if (min == newMin && max == newMax) {
      return ScalePlan.alreadyAtTarget(
          "HorizontalPodAutoscaler "
              + name
              + " already keeps at least "
              + newMin
              + " replicas (minReplicas "
              + min
              + ", maxReplicas "
              + max
              + (desired < ownMin ? ", its own minimum" : "")
              + ")",
          before);
    }
    ArrayNode patch = JSON.arrayNode();
    if (!annotations.has(OWN_MIN)) {
      if (!autoscaler.path("metadata").has("annotations")) {
        patch.addObject().put("op", "add").put("path", "/metadata/annotations").putObject("value");
      }
      addAnnotation(patch, OWN_MIN, min);
      addAnnotation(patch, OWN_MAX, max);
    }
    StringBuilder reason = new StringBuilder("set HorizontalPodAutoscaler ").append(name);
    if (newMin != min) {
      set(patch, spec, "minReplicas", newMin);
      reason.append(" minReplicas from ").append(min).append(" to ").append(newMin);
    }
    if (newMax != max) {
      set(patch, spec, "maxReplicas", newMax);
      reason
          .append(newMin != min ? " and" : "")
          .append(" maxReplicas from ")
          .append(max)
          .append(" to ")
          .append(newMax);
    }
    if (desired < ownMin) {
      reason.append(" (its own minimum; ").append(desired).append(" was asked)");
    }
    reason
        .append("; it owns the replica count of the ")
        .append(id.kind())
        .append(" (now ")
        .append(replicas)
        .append("), so its bounds move instead");
    // As for the rollback: the resourceVersion that was read makes the patch conditional (409).
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", resourceVersion(autoscaler));
    return new ScalePlan(
        ActionOutcome.APPLIED,
        reason.toString(),
        ScalePlan.Via.AUTOSCALER,
        name,
        patch,
        before,
        bounds(name, newMin, newMax),
        false);
  }

  /** The name of the KEDA ScaledObject that owns an autoscaler; null when none does. */
  private static String kedaOwner(JsonNode autoscaler) {
    for (JsonNode owner : autoscaler.path("metadata").path("ownerReferences")) {
      if ("ScaledObject".equals(owner.path("kind").asText())
          && owner.path("apiVersion").asText().startsWith("keda.sh/")) {
        return owner.path("name").asText();
      }
    }
    return null;
  }

  private static void addAnnotation(ArrayNode patch, String key, int value) {
    patch
        .addObject()
        .put("op", "add")
        .put("path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"))
        .put("value", String.valueOf(value));
  }

  /** Whether an autoscaler's {@code scaleTargetRef} names the workload (kind and name). */
  static boolean targets(JsonNode autoscaler, WorkloadId id) {
    JsonNode ref = autoscaler.path("spec").path("scaleTargetRef");
    return id.kind().equals(ref.path("kind").asText())
        && id.name().equals(ref.path("name").asText());
  }

  /** {@code add} when the field is absent (a JSON patch cannot replace what is not there). */
  private static void set(ArrayNode patch, JsonNode spec, String field, int value) {
    patch
        .addObject()
        .put("op", spec.has(field) ? "replace" : "add")
        .put("path", "/spec/" + field)
        .put("value", value);
  }

  private static Map<String, String> bounds(String autoscaler, int min, int max) {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("horizontalPodAutoscaler", autoscaler);
    bounds.put("minReplicas", String.valueOf(min));
    bounds.put("maxReplicas", String.valueOf(max));
    return bounds;
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText();
  }
}

package io.governor.actuator.bluegreen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Plans the rollback of a blue-green Service: its selector picks the active version by one label
 * (the Service's annotation {@code governor.io/version-label}, default {@code version}), whose
 * values are the revisions; rolling back switches that label from {@code fromRevision} back to
 * {@code toRevision}.
 *
 * <p>It is level-based: a selector already on {@code toRevision}, or no longer on {@code
 * fromRevision}, plans nothing. It refuses to switch to pods no Deployment of the namespace runs,
 * or none has available ({@code status.availableReplicas > 0}).
 */
public final class SelectorSwitchPlanner {

  public static final String VERSION_LABEL_ANNOTATION = "governor.io/version-label";
  public static final String DEFAULT_VERSION_LABEL = "version";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SelectorSwitchPlanner() {}

  /**
   * @param service the live Service the decision names
   * @param deployments the Deployments of its namespace
   */
  public static RollbackPlan plan(Decision decision, JsonNode service, List<JsonNode> deployments) {
    String from = decision.target().fromRevision();
    String to = decision.target().toRevision();
    String label = versionLabel(service);
    Map<String, String> selector = strings(service.path("spec").path("selector"));
    String current = selector.get(label);
    Map<String, String> before = state(current, selector);

    if (selector.isEmpty()) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "the Service has no selector (its endpoints are managed by hand); nothing to switch",
          before);
    }
    if (current == null) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "the Service's selector has no '"
              + label
              + "' label to switch between versions; set the annotation "
              + VERSION_LABEL_ANNOTATION
              + " to the label that tells them apart",
          before);
    }
    if (current.equals(to)) {
      return RollbackPlan.alreadyAtTarget(
          "the Service already selects " + label + "=" + to + "; nothing to switch", before);
    }
    if (!current.equals(from)) {
      return RollbackPlan.nothing(
          ActionOutcome.NO_OP,
          "the Service no longer selects "
              + label
              + "="
              + from
              + " (it selects "
              + label
              + "="
              + current
              + "); nothing to switch",
          before);
    }
    Map<String, String> target = new TreeMap<>(selector);
    target.put(label, to);
    List<JsonNode> matching =
        deployments.stream().filter(deployment -> runs(deployment, target)).toList();
    if (matching.isEmpty()) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "no Deployment in "
              + service.path("metadata").path("namespace").asText()
              + " has pods labelled "
              + text(target)
              + "; nothing to switch to",
          before);
    }
    String names =
        matching.stream()
            .map(SelectorSwitchPlanner::name)
            .sorted()
            .collect(Collectors.joining(", "));
    if (matching.stream().allMatch(deployment -> desired(deployment) == 0)) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "the Deployments with pods labelled "
              + text(target)
              + " ("
              + names
              + ") run 0 replicas; switching would leave the Service without endpoints",
          before);
    }
    // Pods that are asked for but not ready (still starting, crash-looping, unschedulable) serve
    // nothing: switching to them would leave the Service without ready endpoints.
    List<String> serving =
        matching.stream()
            .filter(deployment -> deployment.path("status").path("availableReplicas").asInt(0) > 0)
            .map(SelectorSwitchPlanner::name)
            .sorted()
            .toList();
    if (serving.isEmpty()) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "the Deployments with pods labelled "
              + text(target)
              + " ("
              + names
              + ") have no available pods (status.availableReplicas is 0); switching would"
              + " leave the Service without ready endpoints",
          before);
    }
    ArrayNode patch = JSON.arrayNode();
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/spec/selector/" + pointerToken(label))
        .put("value", to);
    // As for a Deployment's rollback: the resourceVersion that was read makes the patch
    // conditional, so a Service changed since answers 409 instead of being overwritten.
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", service.path("metadata").path("resourceVersion").asText());
    return new RollbackPlan(
        ActionOutcome.APPLIED,
        "switched the Service's selector from "
            + label
            + "="
            + from
            + " back to "
            + label
            + "="
            + to
            + " (pods of Deployment "
            + String.join(", ", serving)
            + ")",
        patch,
        before,
        state(to, target),
        false);
  }

  /** The label the Service's versions differ by. */
  static String versionLabel(JsonNode service) {
    JsonNode annotation =
        service.path("metadata").path("annotations").path(VERSION_LABEL_ANNOTATION);
    return annotation.isTextual() && !annotation.asText().isBlank()
        ? annotation.asText().trim()
        : DEFAULT_VERSION_LABEL;
  }

  /** The replicas a Deployment asks for; 1 when it does not say. */
  private static int desired(JsonNode deployment) {
    return deployment.path("spec").path("replicas").asInt(1);
  }

  /** Whether a Deployment's pods carry every label of the selector. */
  private static boolean runs(JsonNode deployment, Map<String, String> selector) {
    Map<String, String> labels =
        strings(deployment.path("spec").path("template").path("metadata").path("labels"));
    return labels.entrySet().containsAll(selector.entrySet());
  }

  /**
   * A JSON pointer token (RFC 6901): label keys may hold '/' ({@code app.kubernetes.io/version}).
   */
  static String pointerToken(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new TreeMap<>();
    object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
    return map;
  }

  private static Map<String, String> state(String revision, Map<String, String> selector) {
    Map<String, String> state = new LinkedHashMap<>();
    if (revision != null) {
      state.put("revision", revision);
    }
    state.put("selector", text(selector));
    return state;
  }

  private static String text(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining(","));
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }
}

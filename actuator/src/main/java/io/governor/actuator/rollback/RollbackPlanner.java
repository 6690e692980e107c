package io.governor.actuator.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Annotations;
import io.governor.contracts.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans a rollback exactly as {@code kubectl rollout undo --to-revision=N} does, from the live
 * Deployment and its ReplicaSets (as JSON, the way the API serves them): restore the pod template
 * of revision N's ReplicaSet without its {@code pod-template-hash} label, and take over that
 * ReplicaSet's annotations except the ones kubectl keeps from the Deployment. Unlike kubectl, it
 * also marks the Deployment with {@link Annotations#ROLLED_BACK_TO} and {@link #ROLLBACK_DECISION},
 * so the watch can tell Governor's rollback from a pipeline that redeploys an old template.
 *
 * <p>It is level-based: a revision that is no longer live, or a template that already matches,
 * plans nothing.
 */
public final class RollbackPlanner {

  public static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  /** The id of the decision whose rollback last changed the Deployment. */
  public static final String ROLLBACK_DECISION = "governor.io/rollback-decision";

  /** Annotations kubectl never copies from the ReplicaSet ({@code annotationsToSkip}). */
  static final Set<String> ANNOTATIONS_TO_SKIP =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          REVISION,
          REVISION_HISTORY,
          "deployment.kubernetes.io/desired-replicas",
          "deployment.kubernetes.io/max-replicas",
          "deprecated.deployment.rollback.to");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RollbackPlanner() {}

  public static RollbackPlan plan(Decision decision, JsonNode deployment, List<JsonNode> sets) {
    String from = decision.target().fromRevision();
    String to = decision.target().toRevision();
    List<JsonNode> owned = ownedBy(deployment, sets);
    JsonNode liveTemplate = deployment.path("spec").path("template");
    String liveRevision = annotation(deployment, REVISION).orElse("unknown");
    Map<String, String> before = state(liveRevision, liveTemplate);

    if (deployment.path("spec").path("paused").asBoolean(false)) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED,
          "the Deployment is paused; resume it first (kubectl refuses the same)",
          before);
    }
    Optional<JsonNode> target = revision(owned, to);
    if (target.isPresent()
        && sameTemplate(liveTemplate, withoutHash(target.get().path("spec").path("template")))) {
      return RollbackPlan.alreadyAtTarget(
          "the live template already matches revision " + to + "; nothing to roll back", before);
    }
    // Checked before the target: after an undo the target's ReplicaSet is renumbered, and a
    // repeat of the decision must find nothing to do rather than nothing to restore.
    if (!isLive(from, liveRevision, liveTemplate, owned)) {
      return RollbackPlan.nothing(
          ActionOutcome.NO_OP,
          "revision " + from + " is no longer live (live: revision " + liveRevision + ")",
          before);
    }
    if (target.isEmpty()) {
      return RollbackPlan.nothing(
          ActionOutcome.REFUSED, "no ReplicaSet of revision " + to + " is left to restore", before);
    }
    JsonNode targetTemplate = withoutHash(target.get().path("spec").path("template"));
    ArrayNode patch = JSON.arrayNode();
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/spec/template")
        .set("value", targetTemplate);
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/annotations")
        .set("value", annotations(deployment, target.get(), decision.id(), to));
    // Sending the resourceVersion makes the patch conditional: a Deployment changed since it was
    // read answers 409 instead of being overwritten.
    patch
        .addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", deployment.path("metadata").path("resourceVersion").asText());
    return new RollbackPlan(
        ActionOutcome.APPLIED,
        "restored the pod template of revision " + to + " (revision " + from + " failed)",
        patch,
        before,
        state(to, targetTemplate),
        false);
  }

  private static boolean isLive(
      String from, String liveRevision, JsonNode liveTemplate, List<JsonNode> owned) {
    if (from.equals(liveRevision)) {
      return true;
    }
    return revision(owned, from)
        .map(set -> sameTemplate(liveTemplate, withoutHash(set.path("spec").path("template"))))
        .orElse(false);
  }

  /**
   * The Deployment's annotations that kubectl keeps, then the ReplicaSet's other annotations, then
   * Governor's mark of the rollback (over any copy of an earlier one the ReplicaSet carries).
   */
  private static ObjectNode annotations(
      JsonNode deployment, JsonNode replicaSet, String decisionId, String to) {
    Map<String, String> merged = new TreeMap<>();
    deployment
        .path("metadata")
        .path("annotations")
        .properties()
        .forEach(
            entry -> {
              if (ANNOTATIONS_TO_SKIP.contains(entry.getKey())) {
                merged.put(entry.getKey(), entry.getValue().asText());
              }
            });
    replicaSet
        .path("metadata")
        .path("annotations")
        .properties()
        .forEach(
            entry -> {
              if (!ANNOTATIONS_TO_SKIP.contains(entry.getKey())) {
                merged.put(entry.getKey(), entry.getValue().asText());
              }
            });
    // The number the restored ReplicaSet has now; the controller moves it into revision-history.
    merged.put(Annotations.ROLLED_BACK_TO, annotation(replicaSet, REVISION).orElse(to));
    merged.put(ROLLBACK_DECISION, decisionId);
    ObjectNode node = JSON.objectNode();
    merged.forEach(node::put);
    return node;
  }

  private static List<JsonNode> ownedBy(JsonNode deployment, List<JsonNode> sets) {
    String uid = deployment.path("metadata").path("uid").asText();
    return sets.stream()
        .filter(
            set -> {
              for (JsonNode owner : set.path("metadata").path("ownerReferences")) {
                if (owner.path("controller").asBoolean(false)
                    && owner.path("uid").asText().equals(uid)) {
                  return true;
                }
              }
              return false;
            })
        .toList();
  }

  /**
   * The ReplicaSet of a revision: the one annotated with it, or, after an undo renumbered it, the
   * one whose {@code revision-history} lists it.
   */
  private static Optional<JsonNode> revision(List<JsonNode> owned, String revision) {
    Optional<JsonNode> current =
        owned.stream()
            .filter(set -> annotation(set, REVISION).map(revision::equals).orElse(false))
            .findFirst();
    if (current.isPresent()) {
      return current;
    }
    return owned.stream()
        .filter(
            set ->
                annotation(set, REVISION_HISTORY)
                    .map(history -> List.of(history.split(",")).contains(revision))
                    .orElse(false))
        .findFirst();
  }

  private static Optional<String> annotation(JsonNode object, String name) {
    JsonNode value = object.path("metadata").path("annotations").path(name);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** Templates equal apart from the hash label, as the deployment controller compares them. */
  static boolean sameTemplate(JsonNode a, JsonNode b) {
    return withoutHash(a).equals(withoutHash(b));
  }

  static JsonNode withoutHash(JsonNode template) {
    ObjectNode copy = template.isObject() ? ((ObjectNode) template).deepCopy() : JSON.objectNode();
    JsonNode labels = copy.path("metadata").path("labels");
    if (labels instanceof ObjectNode labelNode) {
      labelNode.remove(POD_TEMPLATE_HASH);
    }
    return copy;
  }

  private static Map<String, String> state(String revision, JsonNode template) {
    Map<String, String> state = new LinkedHashMap<>();
    state.put("revision", revision);
    JsonNode container = template.path("spec").path("containers").path(0);
    if (container.has("image")) {
      state.put("image", container.path("image").asText());
    }
    return state;
  }
}

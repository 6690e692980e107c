package io.governor.actuator.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.actuator.decisions.plan.PlannedChange;
import io.governor.contracts.ActionOutcome;
import java.util.Map;

/**
 * What to do about one scale decision, decided from the live objects alone.
 *
 * @param outcome {@code APPLIED} means "send {@link #patch} the way {@link #via} says"; anything
 *     else means send nothing
 * @param reason why, for the action result, the Kubernetes Event and the log
 * @param via where the patch goes and how it is read, when there is one
 * @param name the workload's name for {@link Via#SCALE_SUBRESOURCE}, the autoscaler's for {@link
 *     Via#AUTOSCALER}
 * @param patch the body to send, when there is one
 * @param before the live replicas, or the autoscaler's bounds
 * @param after the same once the patch is applied
 * @param atTarget nothing to send because the workload already has the replicas asked for
 */
public record ScalePlan(
    ActionOutcome outcome,
    String reason,
    Via via,
    String name,
    JsonNode patch,
    Map<String, String> before,
    Map<String, String> after,
    boolean atTarget)
    implements PlannedChange<ScalePlan> {

  /** Where a scale patch goes. */
  public enum Via {
    /**
     * A JSON merge patch on the workload's {@code scale} subresource, as {@code kubectl scale}
     * sends it.
     */
    SCALE_SUBRESOURCE,
    /** A JSON patch on the autoscaling/v2 HorizontalPodAutoscaler that owns the replica count. */
    AUTOSCALER
  }

  public static ScalePlan nothing(
      ActionOutcome outcome, String reason, Map<String, String> before) {
    return new ScalePlan(outcome, reason, null, null, null, before, before, false);
  }

  /** Nothing to send: the workload already has the replicas the decision asks for. */
  public static ScalePlan alreadyAtTarget(String reason, Map<String, String> before) {
    return new ScalePlan(ActionOutcome.NO_OP, reason, null, null, null, before, before, true);
  }

  @Override
  public boolean hasPatch() {
    return patch != null;
  }

  @Override
  public ScalePlan unapplied(ActionOutcome outcome, String reason) {
    return new ScalePlan(outcome, reason, via, name, patch, before, before, false);
  }
}

package io.governor.actuator.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.actuator.decisions.plan.PlannedChange;
import io.governor.contracts.ActionOutcome;
import java.util.Map;

/**
 * What to do about one rollback decision, decided from the live objects alone.
 *
 * @param outcome {@code APPLIED} means "send {@link #patch}"; anything else means send nothing
 * @param reason why, for the action result, the Kubernetes Event and the log
 * @param patch the JSON patch for the Deployment, when there is one to send
 * @param before the live revision and image
 * @param after the revision and image once the patch is applied
 * @param atTarget nothing to send because the live template already is the target revision's
 */
public record RollbackPlan(
    ActionOutcome outcome,
    String reason,
    JsonNode patch,
    Map<String, String> before,
    Map<String, String> after,
    boolean atTarget)
    implements PlannedChange<RollbackPlan> {

  public static RollbackPlan nothing(
      ActionOutcome outcome, String reason, Map<String, String> before) {
    return new RollbackPlan(outcome, reason, null, before, before, false);
  }

  /** Nothing to send: the live state already is what the decision asks for. */
  public static RollbackPlan alreadyAtTarget(String reason, Map<String, String> before) {
    return new RollbackPlan(ActionOutcome.NO_OP, reason, null, before, before, true);
  }

  @Override
  public boolean hasPatch() {
    return patch != null;
  }

  @Override
  public RollbackPlan unapplied(ActionOutcome outcome, String reason) {
    return new RollbackPlan(outcome, reason, patch, before, before, false);
  }
}

package io.governor.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one decision, published on {@link Topics#ACTIONS}.
 *
 * @param before the relevant live state before the action (e.g. revision, image)
 * @param after the relevant live state after it
 * @param receivedAt when the actuator received the decision
 * @param completedAt when it finished with it
 */
public record ActionResult(
    String decisionId,
    DecisionType type,
    WorkloadId workload,
    ActionOutcome outcome,
    String reason,
    Map<String, String> before,
    Map<String, String> after,
    boolean dryRun,
    Instant receivedAt,
    Instant completedAt) {

  public ActionResult {
    Objects.requireNonNull(decisionId, "decisionId is missing");
    Objects.requireNonNull(type, "type is missing");
    Objects.requireNonNull(workload, "workload is missing");
    Objects.requireNonNull(outcome, "outcome is missing");
    Objects.requireNonNull(reason, "reason is missing");
    before = before == null ? Map.of() : Map.copyOf(before);
    after = after == null ? Map.of() : Map.copyOf(after);
  }
}

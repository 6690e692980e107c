package io.governor.actuator.decisions.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.governor.actuator.decisions.plan.PlannedChange;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import java.net.HttpURLConnection;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one loop every change of the actuator goes through: read the live objects and plan, then send
 * the plan's patch, or in a dry run only say what it would have done. A 409 means what was read
 * changed since: read and plan again, up to the configured retries. Answers that may pass become
 * {@link ApiFailures}; any other refusal of the patch is final and becomes a FAILED plan.
 */
public final class PlannedPatches {

  private static final Logger LOG = Logger.getLogger(PlannedPatches.class);

  private PlannedPatches() {}

  /**
   * @param readAndPlan reads the live objects (throwing {@link ApiFailures#unavailable} when it
   *     cannot) and plans from them
   * @param target what the plan patches, for messages, e.g. {@code the Service}
   * @param send sends the plan's patch
   */
  public static <P extends PlannedChange<P>> P apply(
      Decision decision,
      int conflictRetries,
      Supplier<P> readAndPlan,
      Function<P, String> target,
      Consumer<P> send) {
    for (int attempt = 0; ; attempt++) {
      P plan = readAndPlan.get();
      if (!plan.hasPatch()) {
        return plan;
      }
      if (decision.dryRun()) {
        return plan.unapplied(ActionOutcome.NO_OP, "dry-run: would have " + plan.reason());
      }
      try {
        send.accept(plan);
        return plan;
      } catch (KubernetesClientException e) {
        String patched = target.apply(plan);
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          if (attempt < conflictRetries) {
            LOG.infof(
                "decisionId=%s workload=%s: %s changed since it was read (409), planning again",
                decision.id(), decision.workload(), patched);
            continue;
          }
          throw ApiFailures.conflicts(patched, attempt + 1, e);
        }
        if (ApiFailures.mayPass(e)) {
          throw ApiFailures.unavailable("patching " + patched, e);
        }
        // Forbidden, invalid, gone: trying again will not help; the result says why.
        return plan.unapplied(
            ActionOutcome.FAILED,
            "the API server refused the patch of "
                + patched
                + ": "
                + e.getCode()
                + " "
                + e.getMessage());
      }
    }
  }

  /** A live object as the JSON the planners read. */
  public static JsonNode json(KubernetesClient client, Object object) {
    try {
      return EventCodec.mapper().readTree(client.getKubernetesSerialization().asJson(object));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the API server's object cannot be read as JSON", e);
    }
  }
}

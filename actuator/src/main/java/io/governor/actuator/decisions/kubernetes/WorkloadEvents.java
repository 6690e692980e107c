package io.governor.actuator.decisions.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.governor.actuator.ActuatorMetrics;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.WorkloadId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Records every outcome, refusals and failures with their reason included, as a Kubernetes Event on
 * the workload, where {@code kubectl describe} shows it.
 */
@ApplicationScoped
public class WorkloadEvents {

  private static final Logger LOG = Logger.getLogger(WorkloadEvents.class);

  private final KubernetesClient client;
  private final ActuatorConfig config;
  private final Clock clock;

  private final MeterRegistry registry;

  public WorkloadEvents(
      KubernetesClient client, ActuatorConfig config, Clock clock, MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  /** Best-effort: a missing Events permission must not undo or hide the action itself. */
  public void record(ActionResult result) {
    try {
      create(result);
    } catch (KubernetesClientException e) {
      registry.counter(ActuatorMetrics.EVENTS_FAILED).increment();
      LOG.warnf(
          "no Kubernetes Event for decisionId=%s workload=%s: %s",
          result.decisionId(), result.workload(), e.getMessage());
    }
  }

  private void create(ActionResult result) {
    WorkloadId workload = result.workload();
    HasMetadata live = LiveWorkloads.read(client, workload);
    String now = clock.instant().toString();
    String reason =
        "Governor"
            + capitalised(result.type().name())
            + capitalised(result.outcome().name().replace("_", ""));
    client
        .v1()
        .events()
        .inNamespace(workload.namespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                // One Event per decision and outcome: a repeat does not overwrite the first.
                .withName(
                    workload.name().substring(0, Math.min(200, workload.name().length()))
                        + ".governor."
                        + shortId(result.decisionId())
                        + "."
                        + result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .withNamespace(workload.namespace())
                .addToLabels("governor.io/decision-id", result.decisionId())
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion("Service".equals(workload.kind()) ? "v1" : "apps/v1")
                        .withKind(workload.kind())
                        .withNamespace(workload.namespace())
                        .withName(workload.name())
                        .withUid(live == null ? null : live.getMetadata().getUid())
                        .build())
                .withType(
                    result.outcome() == ActionOutcome.FAILED
                            || result.outcome() == ActionOutcome.REFUSED
                        ? "Warning"
                        : "Normal")
                .withReason(reason)
                .withMessage("decision " + result.decisionId() + ": " + result.reason())
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withReportingComponent(config.eventComponent())
                .withNewSource()
                .withComponent(config.eventComponent())
                .endSource()
                .build())
        .createOr(NonDeletingOperation::update);
  }

  private static String shortId(String decisionId) {
    String safe = decisionId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return safe.substring(0, Math.min(12, safe.length()));
  }

  private static String capitalised(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}

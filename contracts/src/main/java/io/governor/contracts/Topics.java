package io.governor.contracts;

import java.util.List;

/** Kafka topic names. Every record on them is keyed by the workload id {@code ns/kind/name}. */
public final class Topics {

  /** Metric samples from Prometheus remote write and JSON ingest. */
  public static final String METRICS = "governor.metrics.v1";

  /** Deployment events from the Kubernetes watch and CI/CD webhooks. */
  public static final String DEPLOYMENTS = "governor.deployments.v1";

  /** Schedule boundaries and periodic ticks from the scheduler. */
  public static final String SCHEDULES = "governor.schedules.v1";

  /** Decisions of the policy engine, with their evidence. */
  public static final String DECISIONS = "governor.decisions.v1";

  /** Outcomes of the actuator's actions. */
  public static final String ACTIONS = "governor.actions.v1";

  /** Dead letters of the policy engine's consumers. */
  public static final String DEAD_LETTER_POLICY_ENGINE = deadLetter("policy-engine");

  /** Dead letters of the actuator's consumer. */
  public static final String DEAD_LETTER_ACTUATOR = deadLetter("actuator");

  /** Every topic Governor uses; a deployment creates these before the services start. */
  public static final List<String> ALL =
      List.of(
          METRICS,
          DEPLOYMENTS,
          SCHEDULES,
          DECISIONS,
          ACTIONS,
          DEAD_LETTER_POLICY_ENGINE,
          DEAD_LETTER_ACTUATOR);

  private Topics() {}

  /** The dead-letter topic of one consuming service. */
  public static String deadLetter(String consumer) {
    return "governor.dlq." + consumer + ".v1";
  }
}

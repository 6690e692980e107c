package io.governor.actuator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the actuator; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.actuator")
public interface ActuatorConfig {

  /** CloudEvents {@code source} of the action results this service publishes. */
  @WithDefault("/actuator")
  String source();

  /** How long a handled decision id is remembered, so a redelivery is a recorded no-op. */
  @WithDefault("P7D")
  Duration decisionMemory();

  /** Redis key prefix of remembered decisions. */
  @WithDefault("governor:actuator:decision:")
  String decisionKeyPrefix();

  /** Times a patch is re-planned after its object changed under it (HTTP 409). */
  @WithDefault("3")
  int conflictRetries();

  /** The component named on Kubernetes Events. */
  @WithDefault("governor-actuator")
  String eventComponent();

  /** How a decision is retried while the API server, Redis or Kafka is away. */
  Retry retry();

  /** Retry of one decision. */
  interface Retry {

    /** Attempts in all, the first included; then the decision is dead-lettered. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failure; it doubles each time up to {@code max-delay}. */
    @WithDefault("PT0.5S")
    Duration firstDelay();

    /** Longest wait between two attempts. */
    @WithDefault("PT30S")
    Duration maxDelay();
  }
}

package io.governor.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of metrics-ingest; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.ingest")
public interface IngestConfig {

  /** CloudEvents {@code source} of the events this service publishes. */
  @WithDefault("/metrics-ingest")
  String source();

  /** Most samples accepted in one request; a larger request is refused with 413. */
  @WithDefault("10000")
  int maxSamplesPerRequest();

  /** Seconds a client is told to wait (Retry-After) when Kafka cannot take the events. */
  @WithDefault("5")
  int retryAfterSeconds();

  /** The Kubernetes watch, which publishes deployment events by itself. */
  Watch watch();

  /** The Kubernetes watch: informers on Deployments and their ReplicaSets. */
  interface Watch {

    /** Whether to watch the cluster; off, only the webhook reports deployments. */
    @WithDefault("true")
    boolean enabled();

    /** Namespaces to watch (comma-separated); not set means every namespace. */
    Optional<List<String>> namespaces();

    /** Label selector of the Deployments to watch, e.g. {@code governor.io/watch=enabled}. */
    Optional<String> labelSelector();

    /** How often every watched Deployment is judged again, which retries what failed. */
    @WithDefault("PT1M")
    Duration resync();

    /**
     * On the first sight of a Deployment after a start, a revision that started rolling out longer
     * ago than this is history: nothing is announced for it.
     */
    @WithDefault("PT30M")
    Duration firstSightMaxAge();

    /** How long an announcement is remembered in Redis, so a restart does not repeat it. */
    @WithDefault("P7D")
    Duration memory();

    /** How long a claim to publish an announcement holds before another instance may take it. */
    @WithDefault("PT2M")
    Duration claimTimeout();

    /** Redis key prefix of remembered announcements. */
    @WithDefault("governor:ingest:announced:")
    String keyPrefix();

    /** How long to wait for Kafka to acknowledge one announcement. */
    @WithDefault("PT15S")
    Duration publishTimeout();

    /** How an announcement is retried while Kafka or Redis is away. */
    Retry retry();
  }

  /** Retry of one step of an announcement; then it waits for the next resync. */
  interface Retry {

    /** Attempts in all, the first included. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait after the first failure; it doubles each time up to {@code max-delay}. */
    @WithDefault("PT0.5S")
    Duration firstDelay();

    /** Longest wait between two attempts. */
    @WithDefault("PT10S")
    Duration maxDelay();
  }
}

package io.governor.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}

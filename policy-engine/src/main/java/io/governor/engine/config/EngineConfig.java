package io.governor.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of policy-engine; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.engine")
public interface EngineConfig {

  /** CloudEvents {@code source} of the decisions this service publishes. */
  @WithDefault("/policy-engine")
  String source();

  /** Redis key of the hash that holds every policy, by name. */
  @WithDefault("governor:policies")
  String policiesKey();
}

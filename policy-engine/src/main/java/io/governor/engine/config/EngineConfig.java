package io.governor.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of policy-engine; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.engine")
public interface EngineConfig {

  /** CloudEvents {@code source} of the decisions this service publishes. */
  @WithDefault("/policy-engine")
  String source();

  /** Redis key of the hash that holds every policy, by name. */
  @WithDefault("governor:policies")
  String policiesKey();

  /** Redis key of the hash that holds every policy's version, by name. */
  @WithDefault("governor:policy-versions")
  String policyVersionsKey();

  /** Redis key prefix of each policy's history of changes. */
  @WithDefault("governor:policy-history:")
  String policyHistoryKeyPrefix();

  /** Redis key prefix of each workload's decisions, for lookup. */
  @WithDefault("governor:decisions:")
  String decisionsKeyPrefix();

  /** Decisions kept per workload; older ones are dropped. */
  @WithDefault("1000")
  int decisionsKept();

  /** How long a workload's decisions are kept after its last one. */
  @WithDefault("P30D")
  Duration decisionsRetention();

  /** How an event is retried while Redis or Kafka is away, before it is dead-lettered. */
  Retry retry();

  /** Retry of one event. */
  interface Retry {

    /** Attempts in all, the first included. */
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

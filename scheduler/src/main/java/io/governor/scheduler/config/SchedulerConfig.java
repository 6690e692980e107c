package io.governor.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the scheduler; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.scheduler")
public interface SchedulerConfig {

  /** CloudEvents {@code source} of the events this service publishes. */
  @WithDefault("/scheduler")
  String source();

  /** How often a tick is published to every partition of the schedules topic. */
  @WithDefault("10s")
  Duration tickInterval();

  /** Redis key of the hash that holds every policy by name, as policy-engine writes it. */
  @WithDefault("governor:policies")
  String policiesKey();

  /** How often the policies are read again from Redis, so an edit needs no restart. */
  @WithDefault("5s")
  Duration policyRefresh();

  /** How often the leader checks which schedule boundaries fell due since its last check. */
  @WithDefault("1s")
  Duration checkInterval();

  /**
   * A longer pause between two confirmed checks (or a clock stepped back further) may have skipped
   * boundaries: the leader then publishes the level (a start for every window in force) and the end
   * of every window that was in force before the pause and is not any more. A few check intervals.
   */
  @WithDefault("15s")
  Duration maxCheckGap();

  /**
   * How often the leader also republishes the level (a start for every window in force), so an
   * engine that restarted, or learnt of a new policy after its first start, has its windows within
   * this long.
   */
  @WithDefault("1m")
  Duration levelEvery();

  /** How long the leader waits for Kafka to confirm the events of one check before retrying. */
  @WithDefault("10s")
  Duration publishTimeout();

  /** Leader election: only the leader publishes ticks and schedule events. */
  Leader leader();

  /** Leader election over a Kubernetes Lease. */
  interface Leader {

    /**
     * {@code false}: no election, this instance always leads and needs no Kubernetes API; for a
     * single replica only.
     */
    @WithDefault("true")
    boolean enabled();

    /** Namespace of the Lease; when not set, the namespace of the Kubernetes client (the pod's). */
    Optional<String> namespace();

    /** Name of the Lease the replicas compete for. */
    @WithDefault("governor-scheduler")
    String leaseName();

    /** Who this instance is in the Lease; when not set, {@code HOSTNAME} (the pod), else random. */
    Optional<String> identity();

    /** How long a Lease holds without renewal: the longest a crashed leader blocks a new one. */
    @WithDefault("10s")
    Duration leaseDuration();

    /** A leader that could not renew for this long stops leading; less than the lease duration. */
    @WithDefault("8s")
    Duration renewDeadline();

    /** How often the Lease is renewed, and tried by the others (plus up to 120% jitter). */
    @WithDefault("2s")
    Duration retryPeriod();
  }
}

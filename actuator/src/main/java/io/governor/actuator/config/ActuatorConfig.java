package io.governor.actuator.config;

import io.governor.contracts.ActionOutcome;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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

  /**
   * How long an instance's claim on a decision it is acting on holds, so another instance given the
   * same decision waits instead of acting too. Longer than one attempt takes; it only matters when
   * the instance holding it dies, after which a redelivery waits out the rest of it.
   */
  @WithDefault("PT1M")
  Duration claimTimeout();

  /**
   * How long after its {@code decidedAt} a decision may still be carried out, time spent retrying
   * included; later it is reported FAILED ("expired") and nothing is changed.
   */
  @WithDefault("PT10M")
  Duration decisionTtl();

  /**
   * Global dry-run: every decision is planned and reported ("dry-run: would have ...") and nothing
   * is changed, whatever the policy says.
   */
  @WithDefault("false")
  boolean dryRun();

  /** Times a patch is re-planned after its object changed under it (HTTP 409). */
  @WithDefault("3")
  int conflictRetries();

  /** The component named on Kubernetes Events. */
  @WithDefault("governor-actuator")
  String eventComponent();

  /** How a decision is retried while the API server, Redis or Kafka is away. */
  Retry retry();

  /** Per-workload pauses between two changes of the same kind. */
  Cooldown cooldown();

  /** The fleet-wide limit on rollbacks. */
  Breaker breaker();

  /** The optional chat notification of outcomes ({@code governor.actuator.notify.*}). */
  @WithName("notify")
  Notify notification();

  /** Retry of one decision. */
  interface Retry {

    /**
     * Attempts in all, the first included; then the decision is reported FAILED and dead-lettered.
     * The decision's time-to-live ends the retries earlier when it runs out first.
     */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failure; it doubles each time up to {@code max-delay}. */
    @WithDefault("PT0.5S")
    Duration firstDelay();

    /** Longest wait between two attempts. */
    @WithDefault("PT30S")
    Duration maxDelay();
  }

  /** Cooldowns per workload; {@code PT0S} turns one off. */
  interface Cooldown {

    /**
     * After a rollback was applied to a workload, further rollbacks of it are refused this long.
     */
    @WithDefault("PT10M")
    Duration rollback();

    /**
     * After a scale was applied to a workload, further scales of it are refused this long. Off by
     * default: target tracking scales at the HPA's cadence and has its own stabilisation.
     */
    @WithDefault("PT0S")
    Duration scale();

    /** Redis key prefix of the last applied change per type and workload. */
    @WithDefault("governor:actuator:cooldown:")
    String keyPrefix();
  }

  /** At most {@code max-rollbacks} rollbacks in {@code window}, across every workload. */
  interface Breaker {

    /** Rollbacks applied across the cluster within the window before further ones are refused. */
    @WithDefault("5")
    int maxRollbacks();

    /** The sliding window the breaker counts in. */
    @WithDefault("PT10M")
    Duration window();

    /** Redis sorted set of applied rollbacks (member: decision id, score: when). */
    @WithDefault("governor:actuator:breaker:rollbacks")
    String key();
  }

  /** A Slack-compatible webhook told of outcomes; best-effort. */
  interface Notify {

    /** Where to POST {@code {"text": "..."}}; unset, nothing is sent. */
    Optional<URI> webhookUrl();

    /** Longest wait for the webhook to connect and answer; the action never waits for it. */
    @WithDefault("PT2S")
    Duration timeout();

    /** Which outcomes are sent; NO_OP (nothing happened) is left out by default. */
    @WithDefault("APPLIED,REFUSED,FAILED")
    Set<ActionOutcome> outcomes();
  }
}

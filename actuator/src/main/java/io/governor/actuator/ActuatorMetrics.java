package io.governor.actuator;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Names of the metrics the actuator exports. */
public final class ActuatorMetrics {

  /**
   * Decisions handled, by type and outcome; every type and outcome is exported from the start, at
   * 0, so the first of each shows as an increase.
   */
  public static final String ACTIONS = "governor.actuator.actions";

  /**
   * Time from receiving a decision to its outcome, retries included, by type; a histogram with
   * {@link #ACTION_DURATION_BUCKETS}.
   */
  public static final String ACTION_DURATION = "governor.actuator.action.duration";

  /**
   * Time from the first sample counting against a revision ({@code Decision.firstBadSampleAt}) to
   * the decision's APPLIED outcome, by type; a histogram with {@link #TIME_BUCKETS}. Decisions
   * without that time (a SCALE, a manual rollback, no data) are not in it.
   */
  public static final String TIME_TO_ACTION = "governor.actuator.time.to.action";

  /**
   * Decisions dead-lettered to {@code governor.dlq.actuator.v1}, by {@link #TAG_REASON} (a {@link
   * io.governor.actuator.decisions.RejectReason}); every reason is exported from the start, at 0.
   */
  public static final String DECISIONS_REJECTED = "governor.actuator.decisions.rejected";

  /**
   * Records between this instance's position and the end of each partition it is assigned, by
   * {@link #TAG_TOPIC} and {@link #TAG_PARTITION}; refreshed every few seconds.
   */
  public static final String CONSUMER_LAG = "governor.consumer.lag.records";

  /**
   * The bucket bounds of {@link #TIME_TO_ACTION}, so Prometheus gets {@code _bucket} series to take
   * quantiles from: from a second to half an hour, as the engine's time to decision.
   */
  public static final List<Duration> TIME_BUCKETS =
      Stream.of(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800).map(Duration::ofSeconds).toList();

  /**
   * The bucket bounds of {@link #ACTION_DURATION}: most actions take well under a second, retries
   * up to the decision's time-to-live.
   */
  public static final List<Duration> ACTION_DURATION_BUCKETS =
      Stream.concat(Stream.of(100, 250, 500).map(Duration::ofMillis), TIME_BUCKETS.stream())
          .toList();

  /** Kubernetes Events that could not be recorded (the action itself stood). */
  public static final String EVENTS_FAILED = "governor.actuator.events.failed";

  /**
   * Decisions a safety limit stopped, by {@link #TAG_LIMIT} (expired, paused, cooldown, breaker);
   * every limit is exported from the start, at 0, so the first stop shows as an increase.
   */
  public static final String SAFETY_STOPS = "governor.actuator.safety.stops";

  /**
   * 1 while the fleet-wide breaker refuses rollbacks, as this instance last saw it; alert on the
   * maximum over instances.
   */
  public static final String BREAKER_OPEN = "governor.actuator.breaker.open";

  /** Webhook notifications that could not be delivered (the action itself stood). */
  public static final String NOTIFICATIONS_FAILED = "governor.actuator.notifications.failed";

  public static final String TAG_TYPE = "type";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_LIMIT = "limit";
  public static final String TAG_REASON = "reason";
  public static final String TAG_TOPIC = "topic";
  public static final String TAG_PARTITION = "partition";

  private ActuatorMetrics() {}
}

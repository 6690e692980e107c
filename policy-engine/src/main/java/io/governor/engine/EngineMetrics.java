package io.governor.engine;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Names of the metrics policy-engine exports. */
public final class EngineMetrics {

  /**
   * Analyses of new revisions running now, by {@link #TAG_STATE}: {@link #STATE_ANALYSING} before
   * the rollout completed, {@link #STATE_WATCHING} during the post-promotion watch. Both are always
   * exported, 0 when none runs.
   */
  public static final String ANALYSES_RUNNING = "governor.engine.analyses.running";

  /**
   * Decisions published, by type, rule, dry-run and {@link #TAG_OUTCOME}: the deciding rule's
   * verdict for a ROLLBACK ({@code fail}, {@code no-data}, {@code source-error}, {@code
   * inconclusive}, {@code requested} by hand), {@code up} or {@code down} for a SCALE.
   */
  public static final String DECISIONS = "governor.engine.decisions";

  /** Analyses ended, by the rule that ended them and the outcome (pass, fail, no-data). */
  public static final String ANALYSIS_OUTCOMES = "governor.engine.analysis.outcomes";

  /**
   * Time from the first sample counting against a revision ({@code Decision.firstBadSampleAt}) to
   * the decision about it, once per decision that has that time, by rule; a histogram with {@link
   * #TIME_BUCKETS}.
   */
  public static final String TIME_TO_DECISION = "governor.engine.time.to.decision";

  /** Policy changes over REST, by operation. */
  public static final String POLICY_CHANGES = "governor.engine.policy.changes";

  /** Stored policies skipped because they cannot be read. */
  public static final String POLICIES_UNREADABLE = "governor.engine.policies.unreadable";

  /** The replica count scaling asks for, per workload it scales. */
  public static final String DESIRED_REPLICAS = "governor.engine.scaling.desired.replicas";

  /** The replica count a workload has, as scaling last saw it. */
  public static final String CURRENT_REPLICAS = "governor.engine.scaling.current.replicas";

  /** The count the forecast asks for within its lookahead, per workload with a forecast. */
  public static final String FORECAST_REPLICAS = "governor.engine.scaling.forecast.replicas";

  /** The forecast's peak of its metric within the lookahead, per workload with a forecast. */
  public static final String FORECAST_PEAK = "governor.engine.scaling.forecast.peak";

  /** Workloads scaled by this instance now. */
  public static final String SCALED_WORKLOADS = "governor.engine.scaling.workloads";

  /**
   * Records dead-lettered to {@code governor.dlq.policy-engine.v1}, by {@link #TAG_REASON} (a
   * {@link io.governor.engine.kafka.RejectReason}); every reason is exported from the start, at 0.
   */
  public static final String EVENTS_REJECTED = "governor.engine.events.rejected";

  /**
   * Records between this instance's position and the end of each partition it is assigned, by
   * {@link #TAG_TOPIC} and {@link #TAG_PARTITION}; refreshed every few seconds.
   */
  public static final String CONSUMER_LAG = "governor.consumer.lag.records";

  /**
   * The bucket bounds of the time histograms, so Prometheus gets {@code _bucket} series to take
   * quantiles from: from a second to half an hour.
   */
  public static final List<Duration> TIME_BUCKETS =
      Stream.of(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800).map(Duration::ofSeconds).toList();

  public static final String TAG_NAMESPACE = "namespace";
  public static final String TAG_WORKLOAD = "workload";
  public static final String TAG_TYPE = "type";
  public static final String TAG_RULE = "rule";
  public static final String TAG_DRY_RUN = "dry_run";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_STATE = "state";
  public static final String TAG_REASON = "reason";
  public static final String TAG_TOPIC = "topic";
  public static final String TAG_PARTITION = "partition";

  /** {@link #TAG_STATE} of an analysis whose rollout has not completed. */
  public static final String STATE_ANALYSING = "analysing";

  /** {@link #TAG_STATE} of an analysis in its post-promotion watch. */
  public static final String STATE_WATCHING = "watching";

  private EngineMetrics() {}
}

package io.governor.engine;

/** Names of the metrics policy-engine exports. */
public final class EngineMetrics {

  /** Analyses of new revisions running now. */
  public static final String ANALYSES_RUNNING = "governor.engine.analyses.running";

  /** Decisions published, by type, rule and dry-run. */
  public static final String DECISIONS = "governor.engine.decisions";

  /** Analyses ended, by the rule that ended them and the outcome (pass, fail, no-data). */
  public static final String ANALYSIS_OUTCOMES = "governor.engine.analysis.outcomes";

  /** Time from a revision's first sample to the decision about it. */
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

  public static final String TAG_NAMESPACE = "namespace";
  public static final String TAG_WORKLOAD = "workload";
  public static final String TAG_TYPE = "type";
  public static final String TAG_RULE = "rule";
  public static final String TAG_DRY_RUN = "dry_run";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";

  private EngineMetrics() {}
}

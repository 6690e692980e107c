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

  public static final String TAG_TYPE = "type";
  public static final String TAG_RULE = "rule";
  public static final String TAG_DRY_RUN = "dry_run";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";

  private EngineMetrics() {}
}

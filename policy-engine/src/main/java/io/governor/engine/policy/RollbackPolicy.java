package io.governor.engine.policy;

/**
 * How a new revision is judged.
 *
 * @param analysis how long, and what no data means; defaults when absent
 * @param errorRate the error-rate rule; absent means errors are not judged
 */
public record RollbackPolicy(AnalysisSettings analysis, ErrorRateRule errorRate) {

  public AnalysisSettings effectiveAnalysis() {
    return analysis == null ? AnalysisSettings.defaults() : analysis;
  }
}

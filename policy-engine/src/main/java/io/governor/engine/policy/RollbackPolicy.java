package io.governor.engine.policy;

/**
 * How a new revision is judged.
 *
 * @param analysis how long, and what no data means; defaults when absent
 * @param errorRate the error-rate rule; absent means errors are not judged
 * @param latency the latency rule; absent means latency is not judged
 * @param health the crash-loop rule; absent means restarts are not judged
 */
public record RollbackPolicy(
    AnalysisSettings analysis, ErrorRateRule errorRate, LatencyRule latency, HealthRule health) {

  public AnalysisSettings effectiveAnalysis() {
    return analysis == null ? AnalysisSettings.defaults() : analysis;
  }
}

package io.governor.engine.scaling;

import java.util.List;
import java.util.Map;

/**
 * One evaluation of a workload's scaling: each input, the desired count and why.
 *
 * @param currentReplicas the count it has now; null when unknown, and then nothing is decided
 * @param desiredReplicas the count to set, after the behaviour; null when the count is unknown
 * @param targetTracking what the metrics ask for
 * @param missingMetrics target-tracking metrics without a value now
 * @param scheduleFloor the highest floor of the open windows; null when none
 * @param scheduleCeiling the lowest ceiling of the open windows; null when none
 * @param fallback the fallback count, while every metric has failed for long; else null
 * @param forecast the forecast's part; null without a predictive section
 * @param combined {@code clamp(max(...), min, ceiling, max)} before the behaviour
 * @param openWindows the schedules open now
 * @param inputs every input by name, as a decision's evidence carries them
 */
public record ScalingView(
    Integer currentReplicas,
    Integer desiredReplicas,
    Integer targetTracking,
    List<String> missingMetrics,
    Integer scheduleFloor,
    Integer scheduleCeiling,
    Integer fallback,
    ForecastView forecast,
    Integer combined,
    List<String> openWindows,
    Map<String, Double> inputs,
    String reason) {

  /** An evaluation that could not tell the current count, so decides nothing. */
  static ScalingView unknownCount(List<String> openWindows, String reason) {
    return new ScalingView(
        null, null, null, List.of(), null, null, null, null, null, openWindows, Map.of(), reason);
  }

  /** Whether the count should change. */
  public boolean changes() {
    return currentReplicas != null && !currentReplicas.equals(desiredReplicas);
  }
}

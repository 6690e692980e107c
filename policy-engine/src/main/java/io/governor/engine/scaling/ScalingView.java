package io.governor.engine.scaling;

import java.util.List;
import java.util.Map;

/**
 * One evaluation of a workload's scaling: each input, the desired count and why.
 *
 * @param currentReplicas the count it has now
 * @param desiredReplicas the count to set, after the behaviour
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
    int currentReplicas,
    int desiredReplicas,
    int targetTracking,
    List<String> missingMetrics,
    Integer scheduleFloor,
    Integer scheduleCeiling,
    Integer fallback,
    ForecastView forecast,
    int combined,
    List<String> openWindows,
    Map<String, Double> inputs,
    String reason) {}

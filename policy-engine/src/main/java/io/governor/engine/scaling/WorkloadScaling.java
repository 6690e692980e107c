package io.governor.engine.scaling;

import io.governor.contracts.WorkloadId;
import java.util.List;

/**
 * A workload's scaling as the engine sees it now.
 *
 * @param last the last evaluation; null before the first tick
 * @param forecast the predictive metric's forecast, hour by hour; empty without a forecast
 */
public record WorkloadScaling(
    WorkloadId workload,
    String policy,
    long policyVersion,
    ScalingView last,
    List<ForecastPoint> forecast) {}

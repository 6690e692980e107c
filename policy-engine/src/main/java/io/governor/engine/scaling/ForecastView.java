package io.governor.engine.scaling;

import io.governor.engine.policy.ScalingPolicy.PredictiveMode;
import java.time.Duration;

/**
 * The forecast's part in one evaluation.
 *
 * @param warm whether enough history has been seen for it to act
 * @param warmUpLeft how much more history it needs; zero once warm
 * @param lookahead how far ahead it looks
 * @param peak the largest forecast value within the lookahead; null when it cannot tell
 * @param replicas the count that peak needs at the metric's target; null when unknown
 * @param acting whether it raises the count now (warm and {@code forecast-and-scale})
 */
public record ForecastView(
    String metric,
    PredictiveMode mode,
    boolean warm,
    Duration warmUpLeft,
    Duration lookahead,
    Double peak,
    Integer replicas,
    boolean acting) {}

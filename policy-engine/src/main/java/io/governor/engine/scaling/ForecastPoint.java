package io.governor.engine.scaling;

import java.time.Instant;

/** The forecast value of the predictive metric at one future minute; NaN when unknown. */
public record ForecastPoint(Instant at, double value) {}

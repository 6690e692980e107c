package io.governor.contracts;

/** What a sample's value means, as in Prometheus. */
public enum MetricType {
  /** A cumulative count that only grows, except when the process restarts. */
  COUNTER,
  /** A value that goes up and down. */
  GAUGE,
  /** A cumulative count of one histogram bucket; its {@code le} label is the upper bound. */
  HISTOGRAM_BUCKET
}

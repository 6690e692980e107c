package io.governor.engine.rollback;

import java.util.Map;
import java.util.NavigableMap;

/** Quantiles and tail counts from cumulative histogram buckets, as Prometheus computes them. */
final class HistogramQuantile {

  private HistogramQuantile() {}

  /** All requests: the {@code +Inf} bucket, or the largest when it is missing. */
  static double total(NavigableMap<Double, Double> buckets) {
    return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /** Requests slower than {@code bound}, which must be a bucket's upper bound. */
  static double above(NavigableMap<Double, Double> buckets, double bound) {
    Double within = buckets.get(bound);
    return within == null ? 0 : Math.max(0, total(buckets) - within);
  }

  /** The smallest bucket bound at or above {@code seconds}; infinity when none. */
  static double boundAtOrAbove(NavigableMap<Double, Double> buckets, double seconds) {
    Double bound = buckets.ceilingKey(seconds);
    return bound == null ? Double.POSITIVE_INFINITY : bound;
  }

  /**
   * {@code histogram_quantile}: the bucket holding the rank, interpolated linearly within it; NaN
   * without observations.
   */
  static double of(double q, NavigableMap<Double, Double> buckets) {
    double total = total(buckets);
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lower;
        }
        double inBucket = bucket.getValue() - below;
        return inBucket <= 0
            ? bucket.getKey()
            : lower + (bucket.getKey() - lower) * (rank - below) / inBucket;
      }
      lower = bucket.getKey();
      below = bucket.getValue();
    }
    return lower;
  }
}

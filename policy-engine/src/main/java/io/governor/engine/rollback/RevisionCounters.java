package io.governor.engine.rollback;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The counters one revision has reported, summed over its series (pods). */
final class RevisionCounters {

  private final Map<String, Map<Map<String, String>, CounterIncrease>> byMetric = new HashMap<>();
  private Instant firstSampleAt;
  private Instant lastSampleAt;

  void observe(MetricSample sample) {
    if (sample.type() == MetricType.GAUGE) {
      return;
    }
    byMetric
        .computeIfAbsent(sample.name(), name -> new HashMap<>())
        .computeIfAbsent(new TreeMap<>(sample.labels()), labels -> new CounterIncrease())
        .observe(sample.value(), sample.timestamp());
    if (firstSampleAt == null || sample.timestamp().isBefore(firstSampleAt)) {
      firstSampleAt = sample.timestamp();
    }
    if (lastSampleAt == null || sample.timestamp().isAfter(lastSampleAt)) {
      lastSampleAt = sample.timestamp();
    }
  }

  /** The increase of a counter over all its series; 0 when it never reported. */
  double increase(String metric) {
    return byMetric.getOrDefault(metric, Map.of()).values().stream()
        .mapToDouble(CounterIncrease::total)
        .sum();
  }

  /**
   * The increase of a histogram's buckets over all its series, by upper bound ({@code le}, with
   * {@code +Inf} as infinity); cumulative, as Prometheus exposes them.
   */
  NavigableMap<Double, Double> buckets(String metric) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    byMetric
        .getOrDefault(metric, Map.of())
        .forEach(
            (labels, increase) -> {
              String le = labels.get("le");
              if (le != null) {
                buckets.merge(upperBound(le), increase.total(), Double::sum);
              }
            });
    return buckets;
  }

  private static double upperBound(String le) {
    try {
      return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  Instant firstSampleAt() {
    return firstSampleAt;
  }

  Instant lastSampleAt() {
    return lastSampleAt;
  }
}

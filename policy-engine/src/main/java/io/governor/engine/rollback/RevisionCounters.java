package io.governor.engine.rollback;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/** The counters one revision has reported, summed over its series (pods). */
final class RevisionCounters {

  private final Map<String, Map<Map<String, String>, CounterIncrease>> byMetric = new HashMap<>();
  private final Map<String, Map<Map<String, String>, GaugeAtZero>> gauges = new HashMap<>();

  /** Since when a gauge series has been at zero; null while it is not. */
  private static final class GaugeAtZero {
    private Instant lastAt;
    private Instant zeroSince;
    private Instant firstAboveZeroAt;
    private double last;

    void observe(double value, Instant at) {
      if (lastAt != null && !at.isAfter(lastAt)) {
        return;
      }
      lastAt = at;
      last = value;
      if (value > 0 && firstAboveZeroAt == null) {
        firstAboveZeroAt = at;
      }
      if (value != 0) {
        zeroSince = null;
      } else if (zeroSince == null) {
        zeroSince = at;
      }
    }
  }

  /** The latest value of a gauge, summed over its series; NaN when it never reported. */
  double gauge(String name) {
    Map<Map<String, String>, GaugeAtZero> series = gauges.get(name);
    if (series == null || series.isEmpty()) {
      return Double.NaN;
    }
    return series.values().stream().mapToDouble(one -> one.last).sum();
  }

  /**
   * The latest value of a gauge, summed over its series whose label {@code key} is {@code value};
   * NaN when none reported.
   */
  double gauge(String name, String key, String value) {
    Map<Map<String, String>, GaugeAtZero> series = gauges.get(name);
    if (series == null) {
      return Double.NaN;
    }
    return series.entrySet().stream()
        .filter(one -> value.equals(one.getKey().get(key)))
        .mapToDouble(one -> one.getValue().last)
        .reduce(Double::sum)
        .orElse(Double.NaN);
  }

  /**
   * When a series of a gauge whose label {@code key} is {@code value} was first above zero; null
   * when none was.
   */
  Instant gaugeFirstAboveZeroAt(String name, String key, String value) {
    return gauges.getOrDefault(name, Map.of()).entrySet().stream()
        .filter(one -> value.equals(one.getKey().get(key)))
        .map(one -> one.getValue().firstAboveZeroAt)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .orElse(null);
  }

  /** When a gauge last reported, over its series; null when it never did. */
  Instant gaugeAt(String name) {
    Map<Map<String, String>, GaugeAtZero> series = gauges.get(name);
    if (series == null) {
      return null;
    }
    return series.values().stream().map(one -> one.lastAt).max(Instant::compareTo).orElse(null);
  }

  /**
   * Since when every series of a gauge has been at zero; null when one is not, or none reported.
   */
  Instant allZeroSince(String gauge) {
    Map<Map<String, String>, GaugeAtZero> series = gauges.get(gauge);
    if (series == null || series.isEmpty()) {
      return null;
    }
    Instant since = Instant.MIN;
    for (GaugeAtZero one : series.values()) {
      if (one.zeroSince == null) {
        return null;
      }
      since = one.zeroSince.isAfter(since) ? one.zeroSince : since;
    }
    return since;
  }

  private Instant firstSampleAt;
  private Instant lastSampleAt;

  void observe(MetricSample sample) {
    if (firstSampleAt == null || sample.timestamp().isBefore(firstSampleAt)) {
      firstSampleAt = sample.timestamp();
    }
    if (lastSampleAt == null || sample.timestamp().isAfter(lastSampleAt)) {
      lastSampleAt = sample.timestamp();
    }
    if (sample.type() == MetricType.GAUGE) {
      gauges
          .computeIfAbsent(sample.name(), name -> new HashMap<>())
          .computeIfAbsent(new TreeMap<>(sample.labels()), labels -> new GaugeAtZero())
          .observe(sample.value(), sample.timestamp());
      return;
    }
    byMetric
        .computeIfAbsent(sample.name(), name -> new HashMap<>())
        .computeIfAbsent(new TreeMap<>(sample.labels()), labels -> new CounterIncrease())
        .observe(sample.value(), sample.timestamp());
  }

  /** The increase of a counter over all its series; 0 when it never reported. */
  double increase(String metric) {
    return byMetric.getOrDefault(metric, Map.of()).values().stream()
        .mapToDouble(CounterIncrease::total)
        .sum();
  }

  /**
   * When the first sample that raised a counter was taken, over all its series; null while none
   * rose.
   */
  Instant firstIncreaseAt(String metric) {
    return byMetric.getOrDefault(metric, Map.of()).values().stream()
        .map(CounterIncrease::firstIncreaseAt)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .orElse(null);
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

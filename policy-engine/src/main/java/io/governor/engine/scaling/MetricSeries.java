package io.governor.engine.scaling;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest value of every series of every metric a workload reports; a counter counts as its rate
 * per second. A series is its labels and its revision: two revisions' pods are two series.
 */
final class MetricSeries {

  /** A series not heard from for this long no longer counts. */
  static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /** A stale series heard from within this long is missing, not gone: the pod may be stuck. */
  static final Duration GONE_AFTER = Duration.ofMinutes(10);

  /**
   * What a metric reads now.
   *
   * @param total the sum over its fresh series; NaN when none is fresh
   * @param fresh how many series reported within {@link #STALE_AFTER}
   * @param missing how many reported recently but not within {@link #STALE_AFTER}
   * @param at the newest sample's time; null when it never reported
   */
  record Reading(double total, int fresh, int missing, Instant at) {

    boolean known() {
      return fresh > 0;
    }
  }

  private static final class Series {
    double value = Double.NaN;
    Instant at;
    double counter = Double.NaN;
    Instant counterAt;
  }

  private final Map<String, Map<Map<String, String>, Series>> byName = new HashMap<>();

  /**
   * @return whether the sample changed the series (it is newer than what was seen)
   */
  boolean observe(MetricSample sample) {
    Map<String, String> key = new TreeMap<>(sample.labels());
    if (sample.revision() != null) {
      key.put("revision", sample.revision());
    }
    Series series =
        byName
            .computeIfAbsent(sample.name(), name -> new HashMap<>())
            .computeIfAbsent(key, labels -> new Series());
    if (sample.type() != MetricType.COUNTER) {
      if (series.at != null && !sample.timestamp().isAfter(series.at)) {
        return false;
      }
      series.value = sample.value();
      series.at = sample.timestamp();
      return true;
    }
    if (series.counterAt != null && !sample.timestamp().isAfter(series.counterAt)) {
      return false;
    }
    if (series.counterAt != null && sample.value() >= series.counter) {
      double seconds = Duration.between(series.counterAt, sample.timestamp()).toMillis() / 1000.0;
      series.value = (sample.value() - series.counter) / seconds;
      series.at = sample.timestamp();
    }
    // A counter that went down restarted: its next sample gives the rate again.
    series.counter = sample.value();
    series.counterAt = sample.timestamp();
    return series.at != null;
  }

  Reading read(String name, Instant now) {
    Map<Map<String, String>, Series> all = byName.get(name);
    if (all == null) {
      return new Reading(Double.NaN, 0, 0, null);
    }
    Instant goneBefore = now.minus(GONE_AFTER);
    all.values()
        .removeIf(
            series -> {
              Instant last = series.at != null ? series.at : series.counterAt;
              return last != null && last.isBefore(goneBefore);
            });
    double sum = 0;
    int fresh = 0;
    int missing = 0;
    Instant newest = null;
    for (Series series : all.values()) {
      if (series.at == null) {
        continue;
      }
      newest = newest == null || series.at.isAfter(newest) ? series.at : newest;
      if (series.at.isBefore(now.minus(STALE_AFTER))) {
        missing++;
      } else {
        sum += series.value;
        fresh++;
      }
    }
    return new Reading(fresh == 0 ? Double.NaN : sum, fresh, missing, newest);
  }
}

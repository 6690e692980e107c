package io.governor.ingest.remotewrite;

import io.governor.contracts.MetricType;
import java.util.Map;

/**
 * The type of a remote-written series, from its name: remote write 1.0 sends no type with the
 * samples (metadata travels apart and not always), and Prometheus' naming conventions say enough.
 */
public final class MetricTypes {

  private MetricTypes() {}

  /**
   * {@code _bucket} with an {@code le} label is a histogram bucket; {@code _total}, {@code _count},
   * {@code _sum} and other {@code _bucket} series are cumulative counters; anything else is a
   * gauge.
   */
  public static MetricType of(String name, Map<String, String> labels) {
    if (name.endsWith("_bucket")) {
      return labels.containsKey("le") ? MetricType.HISTOGRAM_BUCKET : MetricType.COUNTER;
    }
    if (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum")) {
      return MetricType.COUNTER;
    }
    return MetricType.GAUGE;
  }
}

package io.governor.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One observed value of one series.
 *
 * @param revision the workload revision that produced it ({@code deployment.kubernetes.io/revision}
 *     or a version label); {@code null} when the sample belongs to no single revision
 * @param labels the series labels, without the workload and revision labels; a histogram bucket
 *     carries its upper bound in {@code le}
 */
public record MetricSample(
    String revision,
    String name,
    MetricType type,
    Map<String, String> labels,
    double value,
    Instant timestamp) {

  public MetricSample {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is missing");
    }
    Objects.requireNonNull(type, "type is missing");
    Objects.requireNonNull(timestamp, "timestamp is missing");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number");
    }
    if (type != MetricType.GAUGE && value < 0) {
      throw new IllegalArgumentException("value of a " + type + " cannot be negative");
    }
    if (labels != null
        && labels.entrySet().stream().anyMatch(l -> l.getKey() == null || l.getValue() == null)) {
      throw new IllegalArgumentException("labels must not hold null names or values");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (type == MetricType.HISTOGRAM_BUCKET && !labels.containsKey("le")) {
      throw new IllegalArgumentException("a histogram bucket needs the label 'le'");
    }
  }
}

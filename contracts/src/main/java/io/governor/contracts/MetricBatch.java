package io.governor.contracts;

import java.util.List;
import java.util.Objects;

/** Samples of one workload, published as one record on {@link Topics#METRICS}. */
public record MetricBatch(WorkloadId workload, List<MetricSample> samples) {

  public MetricBatch {
    Objects.requireNonNull(workload, "workload is missing");
    if (samples == null || samples.isEmpty()) {
      throw new IllegalArgumentException("samples must not be empty");
    }
    samples = List.copyOf(samples);
  }
}

package io.governor.ingest.rest;

import io.governor.ingest.IngestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counts samples written to Kafka and samples left out, by endpoint (and reason). */
@ApplicationScoped
public class SampleCounters {

  @Inject MeterRegistry registry;

  public void accepted(String endpoint, int samples) {
    registry
        .counter(IngestMetrics.SAMPLES_ACCEPTED, IngestMetrics.TAG_ENDPOINT, endpoint)
        .increment(samples);
  }

  /**
   * @param reason e.g. {@code no_workload}, {@code overloaded}, {@code unavailable}
   */
  public void rejected(String endpoint, String reason, int samples) {
    registry
        .counter(
            IngestMetrics.SAMPLES_REJECTED,
            IngestMetrics.TAG_ENDPOINT,
            endpoint,
            IngestMetrics.TAG_REASON,
            reason)
        .increment(samples);
  }
}

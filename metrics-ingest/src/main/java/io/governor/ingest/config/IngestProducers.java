package io.governor.ingest.config;

import io.governor.ingest.IngestMetrics;
import io.governor.ingest.overload.InFlightLimit;
import io.governor.ingest.remotewrite.SeriesLabels;
import io.governor.ingest.remotewrite.SeriesMapper;
import io.governor.ingest.remotewrite.WriteRequestDecoder;
import io.governor.ingest.watch.kubernetes.DeploymentWatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The plain classes of ingest, built from the configuration. */
@ApplicationScoped
public class IngestProducers {

  @Produces
  @ApplicationScoped
  InFlightLimit inFlightLimit(IngestConfig config, MeterRegistry registry) {
    InFlightLimit limit =
        new InFlightLimit(
            config.maxInFlightRequests(), config.maxInFlightSamples(), config.maxInFlightBytes());
    Gauge.builder(IngestMetrics.IN_FLIGHT_REQUESTS, limit, InFlightLimit::requests)
        .register(registry);
    Gauge.builder(IngestMetrics.IN_FLIGHT_SAMPLES, limit, InFlightLimit::samples)
        .register(registry);
    return limit;
  }

  @Produces
  @ApplicationScoped
  WriteRequestDecoder writeRequestDecoder(IngestConfig config) {
    return new WriteRequestDecoder(config.remoteWrite().maxDecompressedBytes());
  }

  @Produces
  @ApplicationScoped
  SeriesMapper seriesMapper(IngestConfig config, DeploymentWatch watch) {
    IngestConfig.RemoteWrite remoteWrite = config.remoteWrite();
    return new SeriesMapper(
        new SeriesLabels(
            remoteWrite.namespaceLabel(),
            remoteWrite.workloadLabels(),
            remoteWrite.workloadKind(),
            remoteWrite.revisionLabels()),
        remoteWrite.maxSamplesPerBatch(),
        remoteWrite.maxBatchBytes(),
        // Pods are labelled by pod-template hash; the watch's cache knows each hash's revision.
        watch::revisionOfHash,
        // kube-state-metrics names pods and ReplicaSets; the watch's cache knows their owners.
        watch);
  }
}

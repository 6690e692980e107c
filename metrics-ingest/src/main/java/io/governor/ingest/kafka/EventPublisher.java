package io.governor.ingest.kafka;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import io.governor.ingest.IngestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Writes events to Kafka keyed by workload. The returned stage completes only when the broker has
 * the record, so a request is acknowledged only for what was written.
 */
@ApplicationScoped
public class EventPublisher {

  @Inject
  @Channel("deployments-out")
  Emitter<Record<String, String>> deployments;

  @Inject
  @Channel("metrics-out")
  Emitter<Record<String, String>> metrics;

  @Inject MeterRegistry registry;

  public CompletionStage<Void> publishDeployment(WorkloadId workload, CloudEvent<?> event) {
    return send(deployments, "deployments", workload, event);
  }

  public CompletionStage<Void> publishMetrics(WorkloadId workload, CloudEvent<?> event) {
    return send(metrics, "metrics", workload, event);
  }

  private CompletionStage<Void> send(
      Emitter<Record<String, String>> emitter,
      String stream,
      WorkloadId workload,
      CloudEvent<?> event) {
    CompletionStage<Void> written;
    try {
      written = emitter.send(Record.of(workload.key(), EventCodec.encode(event)));
    } catch (RuntimeException e) {
      // A full buffer or a closed channel fails the request like a broker that did not answer.
      return CompletableFuture.failedFuture(e);
    }
    return written.thenRun(
        () ->
            registry
                .counter(IngestMetrics.EVENTS_PUBLISHED, IngestMetrics.TAG_STREAM, stream)
                .increment());
  }
}

package io.governor.ingest.remotewrite.rest;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.auth.rest.AuthenticatedClient;
import io.governor.ingest.auth.rest.BearerAuthFilter;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.kafka.EventPublisher;
import io.governor.ingest.overload.InFlightLimit;
import io.governor.ingest.remotewrite.MalformedWriteRequestException;
import io.governor.ingest.remotewrite.MappedSamples;
import io.governor.ingest.remotewrite.RemoteSeries;
import io.governor.ingest.remotewrite.SeriesMapper;
import io.governor.ingest.remotewrite.WriteRequestDecoder;
import io.governor.ingest.remotewrite.WriteRequestTooLargeException;
import io.governor.ingest.rest.Published;
import io.governor.ingest.rest.RequestRefusedException;
import io.governor.ingest.rest.SampleCounters;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/**
 * The Prometheus remote-write 1.0 receiver: Prometheus (or an agent) pushes what it scrapes, and
 * each series becomes samples of its workload's revision on governor.metrics.v1.
 */
@Path("/api/v1/write")
public class RemoteWriteResource {

  static final String PROTOBUF = "application/x-protobuf";
  static final String ENDPOINT = "remote_write";

  private static final Logger LOG = Logger.getLogger(RemoteWriteResource.class);

  @Inject EventPublisher publisher;
  @Inject IngestConfig config;
  @Inject Clock clock;
  @Inject WriteRequestDecoder decoder;
  @Inject SeriesMapper mapper;
  @Inject InFlightLimit limit;
  @Inject SampleCounters counters;
  @Inject AuthenticatedClient client;

  @POST
  @Consumes(PROTOBUF)
  @Produces(MediaType.APPLICATION_JSON)
  @SecurityRequirement(name = BearerAuthFilter.SCHEME)
  @Operation(
      summary = "Prometheus remote write 1.0",
      description =
          "A snappy-compressed prometheus.WriteRequest. Each series is mapped to a workload and"
              + " revision by its labels (governor.ingest.remote-write.*); series without a"
              + " workload are dropped and counted. Answers 204 once Kafka has every batch, 503"
              + " with Retry-After when it has not, 429 with Retry-After under overload.")
  // Decoding (snappy, protobuf) and mapping take CPU in proportion to the body: a worker thread's
  // work, not the event loop's.
  @Blocking
  public CompletionStage<Response> write(
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
      @HeaderParam("X-Prometheus-Remote-Write-Version") String version,
      byte[] body) {
    requireVersion1(encoding, version);
    // Admitted by its compressed size before it is decoded: a burst is turned away unexpanded.
    Optional<InFlightLimit.Permit> admitted = limit.tryAcquireBytes(body.length);
    if (admitted.isEmpty()) {
      // Its samples are not known yet: only the request is counted (outcome overloaded).
      return CompletableFuture.completedFuture(overloaded());
    }
    InFlightLimit.Permit permit = admitted.get();
    try {
      return write(body, permit);
    } catch (RuntimeException e) {
      permit.close();
      throw e;
    }
  }

  private CompletionStage<Response> write(byte[] body, InFlightLimit.Permit permit) {
    MappedSamples mapped = mapper.map(decode(body));
    mapped.dropped().forEach((reason, count) -> counters.rejected(ENDPOINT, reason.tag(), count));
    if (mapped.batches().isEmpty()) {
      permit.close();
      return CompletableFuture.completedFuture(Response.noContent().build());
    }
    if (!limit.fits(mapped.accepted())) {
      throw tooLarge(
          mapped.accepted()
              + " samples exceed the limit of "
              + config.maxInFlightSamples()
              + " per request");
    }
    if (!permit.tryAddSamples(mapped.accepted())) {
      permit.close();
      counters.rejected(ENDPOINT, "overloaded", mapped.accepted());
      return CompletableFuture.completedFuture(overloaded());
    }
    String who = client.name();
    return Published.noContent(
            publishAll(mapped.batches()),
            config.retryAfterSeconds(),
            () -> {
              counters.accepted(ENDPOINT, mapped.accepted());
              LOG.debugf(
                  "remote write published: client=%s batches=%d samples=%d dropped=%s",
                  who, mapped.batches().size(), mapped.accepted(), mapped.dropped());
            },
            () -> counters.rejected(ENDPOINT, "unavailable", mapped.accepted()))
        .whenComplete((response, failure) -> permit.close());
  }

  private Response overloaded() {
    return Published.overloaded(
        "ingest has as many samples waiting for Kafka as it takes; retry later",
        config.retryAfterSeconds());
  }

  private CompletionStage<Void> publishAll(List<MetricBatch> batches) {
    CompletableFuture<?>[] written = new CompletableFuture<?>[batches.size()];
    for (int i = 0; i < batches.size(); i++) {
      MetricBatch batch = batches.get(i);
      CloudEvent<MetricBatch> event =
          CloudEvent.of(EventTypes.METRIC_BATCH, config.source(), batch.workload(), batch, clock);
      written[i] = publisher.publishMetrics(batch.workload(), event).toCompletableFuture();
    }
    // One batch not written fails the request: Prometheus sends it all again, and a sample seen
    // twice changes no counter's increase.
    return CompletableFuture.allOf(written);
  }

  private List<RemoteSeries> decode(byte[] body) {
    try {
      return decoder.decode(body);
    } catch (MalformedWriteRequestException e) {
      throw new RequestRefusedException(
          RequestRefusedException.Reason.INVALID_BODY,
          Problem.invalid(e.getMessage(), List.of(new Violation(e.field(), e.getMessage()))),
          e);
    } catch (WriteRequestTooLargeException e) {
      throw tooLarge(e.getMessage());
    }
  }

  private static void requireVersion1(String encoding, String version) {
    if (encoding == null || !encoding.strip().equalsIgnoreCase("snappy")) {
      throw unsupported(
          HttpHeaders.CONTENT_ENCODING,
          "remote write 1.0 bodies are snappy-compressed: send Content-Encoding: snappy");
    }
    if (version != null && !version.strip().startsWith("0.")) {
      throw unsupported(
          "X-Prometheus-Remote-Write-Version",
          "remote write " + version.strip() + " is not supported; send 1.0 (0.1.0)");
    }
  }

  private static RequestRefusedException unsupported(String header, String detail) {
    return new RequestRefusedException(
        RequestRefusedException.Reason.UNSUPPORTED_ENCODING,
        new Problem(
            "https://governor.io/problems/unsupported-media-type",
            "Unsupported Media Type",
            415,
            detail,
            List.of(new Violation(header, detail))),
        null);
  }

  private static RequestRefusedException tooLarge(String detail) {
    return new RequestRefusedException(
        RequestRefusedException.Reason.TOO_LARGE,
        new Problem(
            "https://governor.io/problems/too-large",
            "Request too large",
            413,
            detail,
            List.of(new Violation("(body)", detail))),
        null);
  }
}

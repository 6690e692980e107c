package io.governor.ingest.metrics.rest;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.auth.rest.AuthenticatedClient;
import io.governor.ingest.auth.rest.BearerAuthFilter;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.kafka.EventPublisher;
import io.governor.ingest.overload.InFlightLimit;
import io.governor.ingest.rest.JsonBodies;
import io.governor.ingest.rest.Published;
import io.governor.ingest.rest.RequestRefusedException;
import io.governor.ingest.rest.SampleCounters;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/** JSON metric ingest: samples of one workload per request. */
@Path("/v1/metrics")
public class MetricsResource {

  private static final Logger LOG = Logger.getLogger(MetricsResource.class);
  private static final String ENDPOINT = "metrics";

  private static final String EXAMPLE =
      """
      {"workload": "shop/Deployment/checkout", "samples": [
        {"revision": "2", "name": "http_requests_total", "type": "COUNTER",
         "labels": {"pod": "checkout-7d9f-abcde"}, "value": 120,
         "timestamp": "2026-11-27T10:00:00Z"},
        {"revision": "2", "name": "http_request_errors_total", "type": "COUNTER",
         "labels": {"pod": "checkout-7d9f-abcde"}, "value": 30,
         "timestamp": "2026-11-27T10:00:00Z"}]}
      """;

  @Inject EventPublisher publisher;
  @Inject IngestConfig config;
  @Inject Clock clock;
  @Inject InFlightLimit limit;
  @Inject SampleCounters counters;
  @Inject AuthenticatedClient client;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @SecurityRequirement(name = BearerAuthFilter.SCHEME)
  @Operation(
      summary = "Post metric samples of one workload",
      description =
          "Validates the samples and writes them as one record to governor.metrics.v1; answers"
              + " 202 only once Kafka has it, 503 with Retry-After when it does not, 429 with"
              + " Retry-After under overload.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "requests and errors", value = EXAMPLE)))
  public CompletionStage<Response> post(String body) {
    MetricBatch batch = EventCodec.decodeData(JsonBodies.object(body), MetricBatch.class);
    int samples = batch.samples().size();
    int most = Math.min(config.maxSamplesPerRequest(), config.maxInFlightSamples());
    if (samples > most) {
      String detail = samples + " samples exceed the limit of " + most;
      throw new RequestRefusedException(
          RequestRefusedException.Reason.TOO_LARGE,
          new Problem(
              "https://governor.io/problems/too-large",
              "Too many samples",
              413,
              detail,
              List.of(new Violation("samples", detail))),
          null);
    }
    Optional<InFlightLimit.Permit> permit = limit.tryAcquire(samples);
    if (permit.isEmpty()) {
      counters.rejected(ENDPOINT, "overloaded", samples);
      return CompletableFuture.completedFuture(
          Published.overloaded(
              "ingest has as many samples waiting for Kafka as it takes; retry later",
              config.retryAfterSeconds()));
    }
    CloudEvent<MetricBatch> event =
        CloudEvent.of(EventTypes.METRIC_BATCH, config.source(), batch.workload(), batch, clock);
    String who = client.name();
    return Published.accepted(
            publisher
                .publishMetrics(batch.workload(), event)
                .whenComplete(
                    (ok, failure) -> {
                      if (failure != null) {
                        counters.rejected(ENDPOINT, "unavailable", samples);
                      }
                    }),
            event,
            config.retryAfterSeconds(),
            () -> {
              counters.accepted(ENDPOINT, samples);
              LOG.debugf(
                  "metrics published: client=%s workload=%s samples=%d eventId=%s",
                  who, batch.workload(), samples, event.id());
            })
        .whenComplete((response, failure) -> permit.get().close());
  }
}

package io.governor.ingest.metrics.rest;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.kafka.EventPublisher;
import io.governor.ingest.rest.JsonBodies;
import io.governor.ingest.rest.Published;
import io.governor.ingest.rest.RequestRefusedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

/** JSON metric ingest: samples of one workload per request. */
@Path("/v1/metrics")
public class MetricsResource {

  private static final Logger LOG = Logger.getLogger(MetricsResource.class);

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

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Post metric samples of one workload",
      description =
          "Validates the samples and writes them as one record to governor.metrics.v1; answers"
              + " 202 only once Kafka has it.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "requests and errors", value = EXAMPLE)))
  public CompletionStage<Response> post(String body) {
    MetricBatch batch = EventCodec.decodeData(JsonBodies.object(body), MetricBatch.class);
    if (batch.samples().size() > config.maxSamplesPerRequest()) {
      String detail =
          batch.samples().size() + " samples exceed the limit of " + config.maxSamplesPerRequest();
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
    CloudEvent<MetricBatch> event =
        CloudEvent.of(EventTypes.METRIC_BATCH, config.source(), batch.workload(), batch, clock);
    return Published.accepted(
        publisher.publishMetrics(batch.workload(), event),
        event,
        config.retryAfterSeconds(),
        () ->
            LOG.debugf(
                "metrics published: workload=%s samples=%d eventId=%s",
                batch.workload(), batch.samples().size(), event.id()));
  }
}

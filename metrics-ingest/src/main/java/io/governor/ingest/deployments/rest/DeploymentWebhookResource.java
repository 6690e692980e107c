package io.governor.ingest.deployments.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.ingest.auth.rest.AuthenticatedClient;
import io.governor.ingest.auth.rest.BearerAuthFilter;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.kafka.EventPublisher;
import io.governor.ingest.rest.JsonBodies;
import io.governor.ingest.rest.Published;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/** The CI/CD webhook: a pipeline reports a deployment in the same shape as the cluster watch. */
@Path("/v1/deployments")
public class DeploymentWebhookResource {

  private static final Logger LOG = Logger.getLogger(DeploymentWebhookResource.class);

  private static final String EXAMPLE =
      """
      {"workload": "shop/Deployment/checkout", "kind": "NEW_REVISION", "revision": "2",
       "previousRevision": "1", "image": "ghcr.io/governor-demo/checkout:1.1",
       "changeCause": "deploy 1.1"}
      """;

  @Inject EventPublisher publisher;
  @Inject IngestConfig config;
  @Inject Clock clock;
  @Inject AuthenticatedClient client;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @SecurityRequirement(name = BearerAuthFilter.SCHEME)
  @Operation(
      summary = "Report a deployment event",
      description =
          "Validates the event and writes it to governor.deployments.v1; answers 202 only once"
              + " Kafka has it. observedAt defaults to now and origin to webhook.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "new revision", value = EXAMPLE)))
  public CompletionStage<Response> report(String body) {
    ObjectNode json = JsonBodies.object(body);
    if (!json.hasNonNull("observedAt")) {
      json.put("observedAt", clock.instant().toString());
    }
    if (!json.hasNonNull("origin")) {
      json.put("origin", "webhook");
    }
    DeploymentEvent event = EventCodec.decodeData(json, DeploymentEvent.class);
    CloudEvent<DeploymentEvent> cloudEvent =
        CloudEvent.of(EventTypes.DEPLOYMENT, config.source(), event.workload(), event, clock);
    String who = client.name();
    return Published.accepted(
        publisher.publishDeployment(event.workload(), cloudEvent),
        cloudEvent,
        config.retryAfterSeconds(),
        () ->
            LOG.infof(
                "deployment event published: client=%s workload=%s kind=%s revision=%s"
                    + " previous=%s eventId=%s",
                who,
                event.workload(),
                event.kind(),
                event.revision(),
                event.previousRevision(),
                cloudEvent.id()));
  }
}

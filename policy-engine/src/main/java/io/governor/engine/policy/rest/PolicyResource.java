package io.governor.engine.policy.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventDecodingException;
import io.governor.contracts.http.Violation;
import io.governor.engine.EngineMetrics;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyChange;
import io.governor.engine.policy.PolicyException;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.policy.PolicyValidator;
import io.governor.engine.policy.StoredPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

/** Policies over REST, stored in Redis. The ETag of a policy is its version. */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PolicyResource {

  static final String ACTOR_HEADER = "X-Governor-Actor";

  private static final Logger LOG = Logger.getLogger(PolicyResource.class);

  private static final String EXAMPLE =
      """
      {"name": "checkout-errors",
       "target": {"namespace": "shop", "kind": "Deployment", "name": "checkout"},
       "mode": "enforce",
       "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                  "errorsMetric": "http_request_errors_total",
                                  "maxRatio": 0.05, "baselineFactor": 3,
                                  "falseAlarmRate": 0.001, "minRequests": 50}}}
      """;

  private static final String SCALING_EXAMPLE =
      """
      {"name": "payments-scaling",
       "target": {"namespace": "shop", "kind": "Deployment", "name": "payments"},
       "scaling": {"minReplicas": 2, "maxReplicas": 40,
                   "metrics": [{"name": "http_requests_per_second", "type": "AverageValue",
                                "value": 50}],
                   "schedules": [{"name": "business-hours", "start": "0 8 * * MON-FRI",
                                  "end": "0 18 * * MON-FRI", "timeZone": "Europe/Berlin",
                                  "minReplicas": 10}],
                   "predictive": {"metric": "http_requests_per_second",
                                  "mode": "forecast-and-scale", "lookahead": "PT5M"}}}
      """;

  @Inject PolicyStore store;
  @Inject MeterRegistry registry;

  @GET
  @Operation(summary = "List policies")
  public List<StoredPolicy> list() {
    return store.list();
  }

  @GET
  @Path("/{name}")
  @Operation(summary = "Read one policy; its ETag is its version")
  public Response get(@PathParam("name") String name) {
    StoredPolicy stored = store.get(name).orElseThrow(() -> notFound(name));
    return Response.ok(stored).tag(etag(stored)).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a policy", description = "Validates it and stores it as version 1.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = {
                @ExampleObject(name = "error-rate ceiling", value = EXAMPLE),
                @ExampleObject(name = "scaling", value = SCALING_EXAMPLE)
              }))
  public Response create(String body, @HeaderParam(ACTOR_HEADER) String actor) {
    Policy policy = parse(body);
    StoredPolicy stored = store.create(policy, actorOrAnonymous(actor));
    changed("create", stored);
    return Response.created(URI.create("/v1/policies/" + policy.name()))
        .tag(etag(stored))
        .entity(stored)
        .build();
  }

  @PUT
  @Path("/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace a policy",
      description = "With If-Match, only when the stored version is still the one given.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = {
                @ExampleObject(name = "error-rate ceiling", value = EXAMPLE),
                @ExampleObject(name = "scaling", value = SCALING_EXAMPLE)
              }))
  public Response update(
      @PathParam("name") String name,
      String body,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam(ACTOR_HEADER) String actor) {
    Policy policy = parse(body);
    if (!name.equals(policy.name())) {
      throw new PolicyException(
          PolicyException.Reason.INVALID,
          "the body names another policy",
          List.of(new Violation("name", "must be '" + name + "', as in the path")));
    }
    StoredPolicy stored = store.update(policy, expectedVersion(ifMatch), actorOrAnonymous(actor));
    changed("update", stored);
    return Response.ok(stored).tag(etag(stored)).build();
  }

  @GET
  @Path("/{name}/versions")
  @Operation(summary = "Every change of a policy, oldest first: version, operation, who, when")
  public List<PolicyChange> history(@PathParam("name") String name) {
    List<PolicyChange> changes = store.history(name);
    if (changes.isEmpty()) {
      throw notFound(name);
    }
    return changes;
  }

  @DELETE
  @Path("/{name}")
  @Operation(summary = "Delete a policy; its history stays")
  public Response delete(@PathParam("name") String name, @HeaderParam(ACTOR_HEADER) String actor) {
    if (!store.delete(name, actorOrAnonymous(actor))) {
      throw notFound(name);
    }
    registry
        .counter(EngineMetrics.POLICY_CHANGES, EngineMetrics.TAG_OPERATION, "delete")
        .increment();
    LOG.infof("policy deleted: policy=%s", name);
    return Response.noContent().build();
  }

  private static Policy parse(String body) {
    JsonNode json;
    try {
      json = EventCodec.mapper().readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw invalid(new EventDecodingException(null, "the body is not JSON", e));
    }
    Policy policy;
    try {
      policy = EventCodec.decodeData(json, Policy.class);
    } catch (EventDecodingException e) {
      throw invalid(e);
    }
    List<Violation> violations = PolicyValidator.validate(policy);
    if (!violations.isEmpty()) {
      throw new PolicyException(
          PolicyException.Reason.INVALID, violations.size() + " field(s) at fault", violations);
    }
    return policy;
  }

  private static PolicyException invalid(EventDecodingException e) {
    String field = e.field() == null || e.field().isEmpty() ? "(body)" : e.field();
    return new PolicyException(
        PolicyException.Reason.INVALID,
        e.getMessage(),
        List.of(new Violation(field, e.getMessage())));
  }

  private static Long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.equals("*")) {
      return null;
    }
    String version = ifMatch.replace("W/", "").replace("\"", "").trim();
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw new PolicyException(
          PolicyException.Reason.INVALID,
          "If-Match must be a policy version",
          List.of(new Violation("If-Match", "must be an ETag this API returned, e.g. \"3\"")));
    }
  }

  private static EntityTag etag(StoredPolicy stored) {
    return new EntityTag(Long.toString(stored.version()));
  }

  private static String actorOrAnonymous(String actor) {
    return actor == null || actor.isBlank() ? "anonymous" : actor;
  }

  private static PolicyException notFound(String name) {
    return new PolicyException(
        PolicyException.Reason.NOT_FOUND, "policy '" + name + "' does not exist");
  }

  private void changed(String operation, StoredPolicy stored) {
    registry
        .counter(EngineMetrics.POLICY_CHANGES, EngineMetrics.TAG_OPERATION, operation)
        .increment();
    LOG.infof(
        "policy %s: policy=%s version=%d actor=%s target=%s",
        operation,
        stored.policy().name(),
        stored.version(),
        stored.updatedBy(),
        stored.policy().target());
  }
}

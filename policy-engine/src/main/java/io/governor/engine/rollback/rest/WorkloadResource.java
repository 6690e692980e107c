package io.governor.engine.rollback.rest;

import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.engine.policy.PolicyException;
import io.governor.engine.rollback.AnalysisView;
import io.governor.engine.rollback.kafka.DecisionPublisher;
import io.governor.engine.rollback.kafka.RollbackJudge;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/** What the engine sees of a workload now, and a rollback a person asks for. */
@Path("/v1/workloads/{namespace}/{kind}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class WorkloadResource {

  private static final Logger LOG = Logger.getLogger(WorkloadResource.class);

  /** The body of a manual rollback. */
  public record RollbackRequest(String fromRevision, String toRevision, String reason) {}

  @Inject RollbackJudge judge;
  @Inject DecisionPublisher publisher;

  @GET
  @Path("/analysis")
  @Operation(
      summary = "Explain the running analyses of a workload",
      description =
          "Each rule's observed numbers, thresholds and how far it is from deciding. Answered by"
              + " the engine instance that owns the workload's partition.")
  public List<AnalysisView> explain(
      @PathParam("namespace") String namespace,
      @PathParam("kind") String kind,
      @PathParam("name") String name) {
    return judge.explain(workload(namespace, kind, name));
  }

  @POST
  @Path("/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Roll back now",
      description =
          "Skips the analysis. The revisions default to the newest deploy this engine saw and the"
              + " one before it. X-Governor-Actor and reason are required and kept with the"
              + " decision.")
  public Response rollBackNow(
      @PathParam("namespace") String namespace,
      @PathParam("kind") String kind,
      @PathParam("name") String name,
      @HeaderParam("X-Governor-Actor") String actor,
      RollbackRequest request) {
    WorkloadId workload = workload(namespace, kind, name);
    List<Violation> violations = new ArrayList<>();
    if (actor == null || actor.isBlank()) {
      violations.add(new Violation("X-Governor-Actor", "must name who asks for the rollback"));
    }
    if (request == null || request.reason() == null || request.reason().isBlank()) {
      violations.add(new Violation("reason", "must say why"));
    }
    if (!violations.isEmpty()) {
      throw new PolicyException(PolicyException.Reason.INVALID, "rollback refused", violations);
    }
    Decision decision;
    try {
      decision =
          judge.rollBackNow(
              workload, request.fromRevision(), request.toRevision(), actor, request.reason());
    } catch (IllegalStateException e) {
      return Response.status(409)
          .type(Problem.MEDIA_TYPE)
          .entity(Problem.of(409, "Revisions unknown", e.getMessage()))
          .build();
    }
    publisher.publish(decision);
    LOG.infof(
        "manual rollback: decisionId=%s workload=%s actor=%s reason=%s",
        decision.id(), workload, actor, request.reason());
    return Response.accepted(decision).build();
  }

  private static WorkloadId workload(String namespace, String kind, String name) {
    try {
      return new WorkloadId(namespace, kind, name);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(
          PolicyException.Reason.INVALID,
          e.getMessage(),
          List.of(new Violation("path", e.getMessage())));
    }
  }
}

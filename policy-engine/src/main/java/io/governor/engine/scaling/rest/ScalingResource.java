package io.governor.engine.scaling.rest;

import io.governor.contracts.WorkloadId;
import io.governor.contracts.http.Violation;
import io.governor.engine.policy.PolicyException;
import io.governor.engine.scaling.WorkloadScaling;
import io.governor.engine.scaling.kafka.ScalingJudge;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A workload's scaling as the engine sees it now: each input, the desired count, the forecast. */
@Path("/v1/workloads/{namespace}/{kind}/{name}/scaling")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ScalingResource {

  @Inject ScalingJudge judge;

  @GET
  @Operation(
      summary = "Explain a workload's scaling",
      description =
          "The last evaluation (every input's value, the combined and the desired count, why) and"
              + " the forecast hour by hour. Answered by the engine instance that owns the"
              + " workload's partition; 404 when no policy scales it there.")
  public WorkloadScaling scaling(
      @PathParam("namespace") String namespace,
      @PathParam("kind") String kind,
      @PathParam("name") String name,
      @QueryParam("hours") @DefaultValue("6") int hours) {
    if (hours < 0 || hours > 48) {
      throw new PolicyException(
          PolicyException.Reason.INVALID,
          "hours out of range",
          List.of(new Violation("hours", "must be between 0 and 48")));
    }
    WorkloadId workload;
    try {
      workload = new WorkloadId(namespace, kind, name);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(
          PolicyException.Reason.INVALID,
          e.getMessage(),
          List.of(new Violation("path", e.getMessage())));
    }
    return judge
        .view(workload, hours)
        .orElseThrow(
            () ->
                new PolicyException(
                    PolicyException.Reason.NOT_FOUND,
                    "no policy scales " + workload.key() + " on this instance",
                    List.of()));
  }
}

package io.governor.engine.policy.rest;

import io.governor.contracts.http.Problem;
import io.governor.engine.policy.PolicyException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every policy error becomes problem details with the fields at fault. */
public class PolicyProblemMapper {

  @ServerExceptionMapper
  public Response map(PolicyException e) {
    int status = e.reason().status();
    Problem problem =
        new Problem(
            "https://governor.io/problems/" + e.reason().name().toLowerCase().replace('_', '-'),
            title(e.reason()),
            status,
            e.getMessage(),
            e.violations());
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String title(PolicyException.Reason reason) {
    return switch (reason) {
      case INVALID -> "Invalid request";
      case NOT_FOUND -> "Policy not found";
      case ALREADY_EXISTS -> "Policy already exists";
      case VERSION_CONFLICT -> "Policy changed since you read it";
    };
  }
}

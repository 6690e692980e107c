package io.governor.engine.rest;

import io.governor.contracts.http.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every HTTP error this service answers is problem details, even one no resource expected. */
public class HttpProblemMapper {

  private static final Logger LOG = Logger.getLogger(HttpProblemMapper.class);

  @ServerExceptionMapper
  public Response http(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return problem(
        Problem.of(
            status, Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    // Logged here, where it ends: the client gets a short problem, the log the stack trace.
    LOG.error("request failed", e);
    return problem(
        Problem.of(
            500, "Internal Server Error", e.getClass().getSimpleName() + ": " + e.getMessage()));
  }

  private static Response problem(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}

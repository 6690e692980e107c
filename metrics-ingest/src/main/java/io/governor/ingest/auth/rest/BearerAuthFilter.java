package io.governor.ingest.auth.rest;

import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.auth.AuthCheck;
import io.governor.ingest.auth.config.IngestTokens;
import io.governor.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets a request reach a resource only with a bearer token in force. Every JAX-RS resource of
 * ingest writes, so all of them are guarded, including any added later; health, metrics and OpenAPI
 * are Vert.x routes outside JAX-RS and stay open.
 */
public class BearerAuthFilter {

  /** The OpenAPI security scheme the resources name. */
  public static final String SCHEME = "bearer";

  private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);

  @Inject IngestTokens tokens;
  @Inject IngestConfig config;
  @Inject AuthenticatedClient client;

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Optional<Response> authenticate(ContainerRequestContext request) {
    if (!tokens.enabled()) {
      return Optional.empty();
    }
    AuthCheck check = tokens.tokens().check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (check.isAccepted()) {
      client.set(check.client());
      return Optional.empty();
    }
    LOG.debugf(
        "request refused: %s %s, token %s",
        request.getMethod(), request.getUriInfo().getPath(), check.outcome());
    return Optional.of(unauthorized(check.outcome()));
  }

  private Response unauthorized(AuthCheck.Outcome outcome) {
    String detail =
        switch (outcome) {
          case MISSING ->
              "the request has no Authorization header; send Authorization: Bearer" + " <token>";
          case MALFORMED -> "the Authorization header is not of the form Bearer <token>";
          default -> "the bearer token is not one of metrics-ingest's tokens";
        };
    // RFC 6750: a request without credentials gets a bare challenge, a bad token an error code.
    String challenge = "Bearer realm=\"" + config.auth().realm() + "\"";
    if (outcome != AuthCheck.Outcome.MISSING) {
      challenge += ", error=\"invalid_token\"";
    }
    Problem problem =
        new Problem(
            "https://governor.io/problems/unauthorized",
            "Unauthorized",
            401,
            detail,
            List.of(new Violation(HttpHeaders.AUTHORIZATION, detail)));
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
        .type(Problem.MEDIA_TYPE)
        .entity(problem)
        .build();
  }
}

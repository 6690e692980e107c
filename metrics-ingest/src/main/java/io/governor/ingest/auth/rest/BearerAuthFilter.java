package io.governor.ingest.auth.rest;

import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.IngestMetrics;
import io.governor.ingest.auth.AuthCheck;
import io.governor.ingest.auth.Jwt;
import io.governor.ingest.auth.JwtRejectedException;
import io.governor.ingest.auth.JwtVerifier;
import io.governor.ingest.auth.config.IngestTokens;
import io.governor.ingest.auth.config.OidcTokens;
import io.governor.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets a request reach a resource only with a static bearer token in force or, when OpenID Connect
 * is configured, a valid JWT from the provider. Every JAX-RS resource of ingest writes, so all of
 * them are guarded, including any added later; health, metrics and OpenAPI are Vert.x routes
 * outside JAX-RS and stay open.
 */
public class BearerAuthFilter {

  /** The OpenAPI security scheme the resources name. */
  public static final String SCHEME = "bearer";

  /** The principal of a JWT in the logs: this, then its {@code sub}. */
  public static final String JWT_PREFIX = "oidc:";

  private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);
  private static final String BEARER = "Bearer ";

  @Inject IngestTokens tokens;
  @Inject OidcTokens oidc;
  @Inject IngestConfig config;
  @Inject AuthenticatedClient client;
  @Inject MeterRegistry registry;

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Uni<Response> authenticate(ContainerRequestContext request) {
    if (!tokens.enabled()) {
      return Uni.createFrom().nullItem();
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    AuthCheck check = tokens.tokens().check(authorization);
    if (check.isAccepted()) {
      client.set(check.client());
      return Uni.createFrom().nullItem();
    }
    if (check.outcome() == AuthCheck.Outcome.INVALID && oidc.enabled()) {
      String token = authorization.substring(BEARER.length()).strip();
      if (Jwt.looksLikeJwt(token)) {
        return jwt(request, oidc.verify(token));
      }
    }
    LOG.debugf(
        "request refused: %s %s, token %s",
        request.getMethod(), request.getUriInfo().getPath(), check.outcome());
    return Uni.createFrom().item(unauthorized(check.outcome()));
  }

  private Uni<Response> jwt(
      ContainerRequestContext request, CompletableFuture<JwtVerifier.Verified> verification) {
    if (verification.isDone()) {
      return Uni.createFrom().item(decide(request, verification));
    }
    // The keys are being fetched (a kid not known yet): carry on on this request's context once
    // they are, where its request scope is.
    Context context = Vertx.currentContext();
    Uni<Void> fetched =
        Uni.createFrom().completionStage(verification.handle((verified, failure) -> (Void) null));
    if (context != null) {
      fetched = fetched.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
    return fetched.map(ignored -> decide(request, verification));
  }

  private Response decide(
      ContainerRequestContext request, CompletableFuture<JwtVerifier.Verified> verification) {
    try {
      JwtVerifier.Verified verified = verification.join();
      client.set(JWT_PREFIX + verified.subject());
      return null;
    } catch (CompletionException e) {
      JwtRejectedException rejected =
          e.getCause() instanceof JwtRejectedException r
              ? r
              : new JwtRejectedException(
                  JwtRejectedException.Reason.UNKNOWN_KEY, "the provider's keys are not at hand");
      registry
          .counter(
              IngestMetrics.AUTH_JWT_REFUSED,
              IngestMetrics.TAG_REASON,
              rejected.reason().name().toLowerCase(Locale.ROOT))
          .increment();
      LOG.debugf(
          "request refused: %s %s, JWT %s: %s",
          request.getMethod(),
          request.getUriInfo().getPath(),
          rejected.reason(),
          rejected.getMessage());
      return unauthorized(AuthCheck.Outcome.INVALID, rejected.getMessage());
    }
  }

  private Response unauthorized(AuthCheck.Outcome outcome) {
    String detail =
        switch (outcome) {
          case MISSING ->
              "the request has no Authorization header; send Authorization: Bearer" + " <token>";
          case MALFORMED -> "the Authorization header is not of the form Bearer <token>";
          default ->
              oidc.enabled()
                  ? "the bearer token is neither one of metrics-ingest's tokens nor a JWT"
                  : "the bearer token is not one of metrics-ingest's tokens";
        };
    return unauthorized(outcome, detail);
  }

  private Response unauthorized(AuthCheck.Outcome outcome, String detail) {
    // RFC 6750: a request without credentials gets a bare challenge, a bad token an error code.
    String challenge = "Bearer realm=\"" + config.auth().realm() + "\"";
    if (outcome != AuthCheck.Outcome.MISSING) {
      challenge += ", error=\"invalid_token\", error_description=\"" + challengeText(detail) + "\"";
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

  /** RFC 6750 3: an error_description holds printable ASCII but {@code "} and {@code \}. */
  static String challengeText(String detail) {
    StringBuilder text = new StringBuilder(detail.length());
    for (char c : detail.toCharArray()) {
      text.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
    }
    return text.toString();
  }
}

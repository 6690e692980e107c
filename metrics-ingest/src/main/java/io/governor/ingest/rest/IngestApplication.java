package io.governor.ingest.rest;

import io.governor.ingest.auth.rest.BearerAuthFilter;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST application; here so OpenAPI describes the bearer scheme every write endpoint needs. */
@SecurityScheme(
    securitySchemeName = BearerAuthFilter.SCHEME,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description =
        "A token from governor.ingest.auth.tokens-file (a mounted Secret) or"
            + " GOVERNOR_INGEST_AUTH_TOKENS, or, when governor.ingest.auth.oidc.issuer is set, a"
            + " JWT access token from that OpenID Connect provider")
public class IngestApplication extends Application {}

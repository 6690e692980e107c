package io.governor.ingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.ingest.auth.JwtRejectedException.Reason;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decides on a JWT access token from the OpenID Connect provider. In order, and the first failure
 * refuses it:
 *
 * <ol>
 *   <li>it is a compact JWS signed with {@code RS256} or {@code ES256}: unsigned ({@code none}) and
 *       HMAC ({@code HS*}) tokens are refused whatever they say;
 *   <li>its {@code kid} names one of the provider's keys, of the kind the algorithm needs (and of
 *       that algorithm, when the key names one), and the signature verifies with it;
 *   <li>{@code iss} is the configured issuer, exactly;
 *   <li>{@code exp} is there and not passed, {@code nbf} and {@code iat}, when there, not ahead,
 *       each give or take the clock skew;
 *   <li>{@code aud} (a string or an array) holds the configured audience, when one is configured;
 *   <li>the token grants the required scope, when one is configured: it is one of the
 *       space-separated values of {@code scope} (RFC 9068), or of {@code scp} (a string or an
 *       array, as Microsoft Entra ID and Okta write it). Roles are not read.
 * </ol>
 *
 * The principal is {@code sub}, which every access token has (RFC 9068).
 */
public final class JwtVerifier {

  /**
   * What a token must satisfy.
   *
   * @param issuer the {@code iss} every token must carry
   * @param audience what {@code aud} must hold; empty: any audience
   * @param requiredScope a scope the token must grant; empty: none
   * @param clockSkew how far the provider's clock and ours may disagree
   */
  public record Rules(
      String issuer,
      Optional<String> audience,
      Optional<String> requiredScope,
      Duration clockSkew) {}

  /**
   * A token that passed.
   *
   * @param subject its {@code sub}
   */
  public record Verified(String subject, Instant expiresAt) {}

  private final Rules rules;
  private final OidcKeys keys;
  private final Clock clock;

  public JwtVerifier(Rules rules, OidcKeys keys, Clock clock) {
    this.rules = rules;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Decides with the keys in force.
   *
   * @throws JwtRejectedException with the reason when the token is refused
   */
  public Verified verify(String compact) {
    Jwt jwt = Jwt.parse(compact);
    String algorithm = jwt.algorithm();
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      throw new JwtRejectedException(
          Reason.ALGORITHM,
          algorithm.equalsIgnoreCase("none")
              ? "unsigned tokens (alg none) are not accepted"
              : "the token's signing algorithm is not accepted (RS256 or ES256 only)");
    }
    JsonWebKeys.Key key =
        keys.key(jwt.keyId())
            .orElseThrow(
                () ->
                    new JwtRejectedException(
                        Reason.UNKNOWN_KEY,
                        "unknown signing key: "
                            + (jwt.keyId().isPresent()
                                ? "the provider's keys hold none with the token's kid"
                                : "the token has no kid and the provider has several keys")));
    verifySignature(jwt, key);
    JsonNode claims = jwt.claims();
    Instant now = clock.instant();
    if (!rules.issuer().equals(text(claims, "iss"))) {
      throw new JwtRejectedException(
          Reason.WRONG_ISSUER, "wrong issuer: the token is not from " + rules.issuer());
    }
    Instant expiresAt =
        date(claims, "exp")
            .orElseThrow(
                () -> new JwtRejectedException(Reason.MALFORMED, "the token has no exp claim"));
    if (now.isAfter(expiresAt.plus(rules.clockSkew()))) {
      throw new JwtRejectedException(Reason.EXPIRED, "token expired at " + expiresAt);
    }
    Optional<Instant> notBefore = date(claims, "nbf");
    if (notBefore.isPresent() && now.isBefore(notBefore.get().minus(rules.clockSkew()))) {
      throw new JwtRejectedException(
          Reason.NOT_YET_VALID, "token not valid before " + notBefore.get());
    }
    Optional<Instant> issuedAt = date(claims, "iat");
    if (issuedAt.isPresent() && now.isBefore(issuedAt.get().minus(rules.clockSkew()))) {
      throw new JwtRejectedException(
          Reason.NOT_YET_VALID, "token issued in the future, at " + issuedAt.get());
    }
    if (rules.audience().isPresent() && !holds(claims.get("aud"), rules.audience().get())) {
      throw new JwtRejectedException(
          Reason.WRONG_AUDIENCE,
          "wrong audience: the token is not meant for " + rules.audience().get());
    }
    if (rules.requiredScope().isPresent() && !grants(claims, rules.requiredScope().get())) {
      throw new JwtRejectedException(
          Reason.MISSING_SCOPE,
          "missing scope: the token does not grant " + rules.requiredScope().get());
    }
    String subject = text(claims, "sub");
    if (subject == null || subject.isBlank()) {
      throw new JwtRejectedException(Reason.MALFORMED, "the token has no sub claim");
    }
    return new Verified(subject, expiresAt);
  }

  /**
   * Decides, and when the token names a key not known, fetches the provider's keys first (unless
   * that was done very recently) and decides again: a key the provider just rotated in is accepted
   * on its first use. Completes exceptionally with a {@link JwtRejectedException}.
   */
  public CompletableFuture<Verified> verifyAsync(String compact) {
    try {
      return CompletableFuture.completedFuture(verify(compact));
    } catch (JwtRejectedException e) {
      if (e.reason() != Reason.UNKNOWN_KEY) {
        return CompletableFuture.failedFuture(e);
      }
      return keys.refreshForUnknownKey()
          .map(
              refresh ->
                  refresh
                      // Fetched or not, the keys in force decide.
                      .handle((fetched, failure) -> verify(compact))
                      .exceptionallyCompose(
                          failure -> CompletableFuture.failedFuture(unwrap(failure))))
          .orElseGet(() -> CompletableFuture.failedFuture(e));
    }
  }

  private static void verifySignature(Jwt jwt, JsonWebKeys.Key key) {
    PublicKey publicKey = key.publicKey();
    boolean rsa = jwt.algorithm().equals("RS256");
    if ((rsa && !(publicKey instanceof RSAPublicKey))
        || (!rsa && !(publicKey instanceof ECPublicKey))
        || (key.algorithm() != null && !key.algorithm().equals(jwt.algorithm()))) {
      throw new JwtRejectedException(
          Reason.ALGORITHM, "the token's algorithm does not match its signing key");
    }
    boolean valid;
    try {
      // JWS carries an ECDSA signature as R and S side by side (IEEE P1363), not DER.
      Signature signature =
          Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signature.initVerify(publicKey);
      signature.update(jwt.signingInput());
      valid = signature.verify(jwt.signature());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw new JwtRejectedException(
          Reason.BAD_SIGNATURE, "bad signature: the token was not signed by the provider's key");
    }
  }

  private static boolean holds(JsonNode audience, String wanted) {
    if (audience == null) {
      return false;
    }
    if (audience.isTextual()) {
      return audience.asText().equals(wanted);
    }
    if (audience.isArray()) {
      for (JsonNode item : audience) {
        if (item.isTextual() && item.asText().equals(wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean grants(JsonNode claims, String scope) {
    for (String claim : new String[] {"scope", "scp"}) {
      JsonNode value = claims.get(claim);
      if (value == null) {
        continue;
      }
      if (value.isTextual() && Arrays.asList(value.asText().trim().split("\\s+")).contains(scope)) {
        return true;
      }
      if (value.isArray() && holds(value, scope)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Instant> date(JsonNode claims, String claim) {
    JsonNode value = claims.get(claim);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw new JwtRejectedException(Reason.MALFORMED, "the token's " + claim + " is not a number");
    }
    // A NumericDate: seconds since the epoch, possibly with a fraction.
    return Optional.of(Instant.ofEpochMilli(Math.round(value.asDouble() * 1000)));
  }

  private static String text(JsonNode claims, String claim) {
    JsonNode value = claims.get(claim);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}

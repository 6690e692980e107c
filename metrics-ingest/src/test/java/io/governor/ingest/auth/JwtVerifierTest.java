package io.governor.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.governor.ingest.auth.JwtRejectedException.Reason;
import io.governor.testsupport.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWTs from an OpenID Connect provider, decided without a server: the provider is a map. */
class JwtVerifierTest {

  private static final String ISSUER = "https://id.example.com/realms/platform";
  private static final URI DISCOVERY = URI.create(ISSUER + "/.well-known/openid-configuration");
  private static final URI JWKS = URI.create(ISSUER + "/protocol/openid-connect/certs");
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  private static KeyPair key1;
  private static KeyPair key2;

  private final Provider provider = new Provider();
  private final MutableClock clock = new MutableClock(START);
  private final List<Throwable> refreshFailures = new CopyOnWriteArrayList<>();
  private OidcKeys keys;
  private JwtVerifier verifier;

  @BeforeAll
  static void keyPairs() {
    key1 = Jwts.rsaKeyPair();
    key2 = Jwts.rsaKeyPair();
  }

  @BeforeEach
  void providerWithOneKey() {
    provider.documents.put(DISCOVERY, Jwts.discovery(ISSUER, JWKS.toString()));
    provider.documents.put(JWKS, Jwts.jwks(Jwts.jwk("key-1", key1)));
    keys =
        new OidcKeys(
            ISSUER,
            provider,
            clock,
            Duration.ofSeconds(30),
            (fetched, failure) -> {
              if (failure != null) {
                refreshFailures.add(failure);
              }
            });
    verifier =
        new JwtVerifier(
            new JwtVerifier.Rules(
                ISSUER,
                Optional.of("governor-ingest"),
                Optional.of("governor:write"),
                Duration.ofSeconds(30)),
            keys,
            clock);
    keys.refresh().join();
  }

  @Test
  void aTokenSignedByTheProviderIsAcceptedUnderItsSubject() {
    // Given
    String token = Jwts.sign("key-1", key1.getPrivate(), Jwts.claims(ISSUER, START));

    // When
    JwtVerifier.Verified verified = verifier.verify(token);

    // Then
    assertThat(verified.subject()).isEqualTo("ci-pipeline");
    assertThat(verified.expiresAt()).isEqualTo(START.plusSeconds(300));
    assertThat(provider.requested).containsExactly(DISCOVERY, JWKS);
  }

  @Test
  void anExpiredTokenIsRefusedOnceTheClockSkewIsUsedUp() {
    // Given a token that expired 20 s ago, and one that expired 31 s ago (the skew is 30 s)
    Map<String, Object> justExpired = Jwts.claims(ISSUER, START.minusSeconds(320));
    Map<String, Object> expired = Jwts.claims(ISSUER, START.minusSeconds(331));

    // When / Then
    assertThat(verifier.verify(Jwts.sign("key-1", key1.getPrivate(), justExpired)).subject())
        .isEqualTo("ci-pipeline");
    assertRefused(
        Jwts.sign("key-1", key1.getPrivate(), expired),
        Reason.EXPIRED,
        "token expired at 2025-03-01T09:59:29Z");
  }

  @Test
  void aTokenNotValidYetIsRefused() {
    // Given
    Map<String, Object> claims = Jwts.claims(ISSUER, START);
    claims.put("nbf", START.plusSeconds(60).getEpochSecond());

    // When / Then
    assertRefused(
        Jwts.sign("key-1", key1.getPrivate(), claims), Reason.NOT_YET_VALID, "not valid before");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefusedEvenWithTheRightKey() {
    // Given
    Map<String, Object> claims = Jwts.claims("https://id.example.com/realms/other", START);

    // When / Then
    assertRefused(
        Jwts.sign("key-1", key1.getPrivate(), claims),
        Reason.WRONG_ISSUER,
        "wrong issuer: the token is not from " + ISSUER);
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedAndAnAudienceArrayIsSearched() {
    // Given
    Map<String, Object> other = Jwts.claims(ISSUER, START);
    other.put("aud", List.of("account", "grafana"));
    Map<String, Object> single = Jwts.claims(ISSUER, START);
    single.put("aud", "governor-ingest");

    // When / Then
    assertRefused(
        Jwts.sign("key-1", key1.getPrivate(), other),
        Reason.WRONG_AUDIENCE,
        "wrong audience: the token is not meant for governor-ingest");
    assertThat(verifier.verify(Jwts.sign("key-1", key1.getPrivate(), single))).isNotNull();
  }

  @Test
  void aTokenWithoutTheRequiredScopeIsRefusedAndScpIsReadToo() {
    // Given
    Map<String, Object> readOnly = Jwts.claims(ISSUER, START);
    readOnly.put("scope", "profile governor:read");
    Map<String, Object> entra = Jwts.claims(ISSUER, START);
    entra.remove("scope");
    entra.put("scp", List.of("governor:write"));

    // When / Then
    assertRefused(
        Jwts.sign("key-1", key1.getPrivate(), readOnly),
        Reason.MISSING_SCOPE,
        "missing scope: the token does not grant governor:write");
    assertThat(verifier.verify(Jwts.sign("key-1", key1.getPrivate(), entra))).isNotNull();
  }

  @Test
  void aKeyTheProviderRotatedInIsFetchedWhenATokenNamesItAtMostOncePerInterval() {
    // Given the provider signs with a new key, listed in its JWKS since the last fetch
    provider.documents.put(JWKS, Jwts.jwks(Jwts.jwk("key-1", key1), Jwts.jwk("key-2", key2)));
    String token = Jwts.sign("key-2", key2.getPrivate(), Jwts.claims(ISSUER, START));
    assertRefused(token, Reason.UNKNOWN_KEY, "unknown signing key");

    // When the keys were fetched less than 30 s ago
    CompletableFuture<JwtVerifier.Verified> tooSoon = verifier.verifyAsync(token);

    // Then the token is refused without asking the provider
    assertThat(rejection(tooSoon).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(provider.requested).hasSize(2);

    // When 30 s have passed
    clock.advance(Duration.ofSeconds(30));
    CompletableFuture<JwtVerifier.Verified> later = verifier.verifyAsync(token);

    // Then the keys are fetched again (the JWKS only: the discovery document is known) and it
    // passes
    assertThat(later.join().subject()).isEqualTo("ci-pipeline");
    assertThat(provider.requested).containsExactly(DISCOVERY, JWKS, JWKS);
    assertThat(keys.keys().ids()).containsExactly("key-1", "key-2");
  }

  @Test
  void aForgedKidDoesNotMakeIngestAskTheProviderAgainAndAgain() {
    // Given
    KeyPair attacker = Jwts.rsaKeyPair();
    clock.advance(Duration.ofMinutes(1));

    // When
    for (int i = 0; i < 5; i++) {
      String token = Jwts.sign("forged-" + i, attacker.getPrivate(), Jwts.claims(ISSUER, START));
      assertThat(rejection(verifier.verifyAsync(token)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }

    // Then one fetch for the five
    assertThat(provider.requested).containsExactly(DISCOVERY, JWKS, JWKS);
  }

  @Test
  void anUnsignedTokenIsRefused() {
    // Given a token with alg none and no signature, claims all right
    String none =
        Jwts.unsigned(
            Map.of("alg", "none", "kid", "key-1"), Jwts.claims(ISSUER, START), new byte[0]);

    // When / Then
    assertRefused(none, Reason.ALGORITHM, "unsigned tokens (alg none) are not accepted");
  }

  @Test
  void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
    // Given the classic confusion: HS256 with the provider's public key as the secret
    Map<String, Object> header = Map.of("alg", "HS256", "kid", "key-1");
    String input = Jwts.part(header) + "." + Jwts.part(Jwts.claims(ISSUER, START));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key1.getPublic().getEncoded(), "HmacSHA256"));
    String token =
        input
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

    // When / Then
    assertRefused(token, Reason.ALGORITHM, "not accepted (RS256 or ES256 only)");
  }

  @Test
  void aTamperedPayloadIsRefused() {
    // Given a valid token whose payload is swapped for one with another subject
    String token = Jwts.sign("key-1", key1.getPrivate(), Jwts.claims(ISSUER, START));
    Map<String, Object> claims = Jwts.claims(ISSUER, START);
    claims.put("sub", "admin");
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + Jwts.part(claims) + "." + parts[2];

    // When / Then
    assertRefused(tampered, Reason.BAD_SIGNATURE, "bad signature");
  }

  @Test
  void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() {
    // Given
    String token = Jwts.sign("key-1", key2.getPrivate(), Jwts.claims(ISSUER, START));

    // When / Then
    assertRefused(token, Reason.BAD_SIGNATURE, "bad signature");
  }

  @Test
  void anEs256TokenIsAcceptedWithAnEcKey() {
    // Given
    KeyPair ec = Jwts.ecKeyPair();
    provider.documents.put(JWKS, Jwts.jwks(Jwts.jwk("key-1", key1), Jwts.jwk("ec-1", ec)));
    keys.refresh().join();

    // When
    JwtVerifier.Verified verified =
        verifier.verify(Jwts.sign("ec-1", ec.getPrivate(), Jwts.claims(ISSUER, START)));

    // Then
    assertThat(verified.subject()).isEqualTo("ci-pipeline");
  }

  @Test
  void notAJwtIsRefusedAsMalformed() {
    assertRefused("governor-test-token-0001", Reason.MALFORMED, "not a JWT");
    assertRefused("YWJj.YWJj.YWJj", Reason.MALFORMED, "header is not a JSON object");
    assertRefused("a.b.c", Reason.MALFORMED, "not base64url");
  }

  @Test
  void aDiscoveryDocumentOfAnotherIssuerIsNotTrusted() {
    // Given a provider whose discovery document names another issuer
    Provider impostor = new Provider();
    impostor.documents.put(DISCOVERY, Jwts.discovery("https://evil.example.com", JWKS.toString()));
    impostor.documents.put(JWKS, Jwts.jwks(Jwts.jwk("key-1", key1)));
    OidcKeys impostorKeys =
        new OidcKeys(ISSUER, impostor, clock, Duration.ofSeconds(30), (k, e) -> {});

    // When
    Throwable failure = catchThrowableOfType(() -> impostorKeys.refresh().join(), Throwable.class);

    // Then
    assertThat(failure).hasMessageContaining("names the issuer https://evil.example.com");
    assertThat(impostorKeys.loaded()).isFalse();
    assertThat(impostor.requested).containsExactly(DISCOVERY);
  }

  @Test
  void anHttpsIssuersKeysAreNotFetchedInTheClear() {
    // Given an https issuer whose discovery document names its keys at an http address
    Provider downgraded = new Provider();
    URI plain = URI.create("http://idp.example.com/keys");
    downgraded.documents.put(DISCOVERY, Jwts.discovery(ISSUER, plain.toString()));
    downgraded.documents.put(plain, Jwts.jwks(Jwts.jwk("key-1", key1)));
    OidcKeys downgradedKeys =
        new OidcKeys(ISSUER, downgraded, clock, Duration.ofSeconds(30), (k, e) -> {});

    // When
    Throwable failure =
        catchThrowableOfType(() -> downgradedKeys.refresh().join(), Throwable.class);

    // Then the keys are not fetched
    assertThat(failure).hasMessageContaining("not https");
    assertThat(downgraded.requested).containsExactly(DISCOVERY);
  }

  @Test
  void aProviderThatStopsAnsweringLeavesTheKeysInForce() {
    // Given
    provider.documents.clear();

    // When
    assertThatThrownBy(() -> keys.refresh().join()).isInstanceOf(CompletionException.class);

    // Then
    assertThat(refreshFailures).hasSize(1);
    String token = Jwts.sign("key-1", key1.getPrivate(), Jwts.claims(ISSUER, START));
    assertThat(verifier.verify(token).subject()).isEqualTo("ci-pipeline");
  }

  private void assertRefused(String token, Reason reason, String message) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            JwtRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  private static JwtRejectedException rejection(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    CompletionException failure = catchThrowableOfType(future::join, CompletionException.class);
    assertThat(failure.getCause()).isInstanceOf(JwtRejectedException.class);
    return (JwtRejectedException) failure.getCause();
  }

  /** The identity provider: documents by URL, and a record of what was asked. */
  static final class Provider implements HttpGet {
    final Map<URI, String> documents = new HashMap<>();
    final List<URI> requested = new ArrayList<>();

    @Override
    public CompletableFuture<String> get(URI uri) {
      requested.add(uri);
      String body = documents.get(uri);
      return body == null
          ? CompletableFuture.failedFuture(new java.io.IOException(uri + " answered HTTP 404"))
          : CompletableFuture.completedFuture(body);
    }
  }
}

package io.governor.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.governor.ingest.Authorized;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JWTs from an OpenID Connect provider write beside the static tokens. The test plays the provider
 * over the real protocol: ingest reads its discovery document and JWKS over HTTP, and the test
 * signs the tokens with the provider's private keys.
 */
@QuarkusTest
@TestProfile(OidcIngestTest.WithProvider.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class OidcIngestTest {

  private static final String DEPLOYMENT =
      """
      {"workload": "shop/Deployment/federated", "kind": "ROLLOUT_COMPLETE", "revision": "7"}
      """;

  private static KeyPair key1;

  /** Ingest with the provider as issuer, an audience and a scope to check. */
  public static class WithProvider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.ingest.auth.oidc.issuer", IdentityProvider.issuer(),
          "governor.ingest.auth.oidc.audience", "governor-ingest",
          "governor.ingest.auth.oidc.required-scope", "governor:write",
          "governor.ingest.auth.oidc.min-refresh-interval", "100ms");
    }
  }

  /** Ingest started before the provider had keys to serve: it waits for them, and keeps going. */
  @BeforeAll
  static void providerPublishesItsKey() {
    key1 = Jwts.rsaKeyPair();
    IdentityProvider.publish(Jwts.jwks(Jwts.jwk("key-1", key1)));
  }

  @Test
  void aJwtFromTheProviderWrites() {
    // Given
    String token = Jwts.sign("key-1", key1.getPrivate(), claims());

    // When / Then (the keys come from the provider in the background)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> post(token).statusCode(202).body("type", equalTo("io.governor.deployment.v1")));
  }

  @Test
  void anExpiredJwtIsRefusedWithTheReason() {
    // Given
    keysLoaded();
    Map<String, Object> claims =
        Jwts.claims(IdentityProvider.issuer(), Instant.now().minusSeconds(900));
    String expiry = Instant.ofEpochSecond((Long) claims.get("exp")).toString();
    String token = Jwts.sign("key-1", key1.getPrivate(), claims);

    // When / Then
    post(token)
        .statusCode(401)
        .header(
            "WWW-Authenticate",
            equalTo(
                "Bearer realm=\"governor\", error=\"invalid_token\","
                    + " error_description=\"token expired at "
                    + expiry
                    + "\""))
        .contentType("application/problem+json")
        .body("detail", equalTo("token expired at " + expiry))
        .body("violations[0].field", equalTo("Authorization"));
  }

  @Test
  void aJwtForAnotherAudienceIsRefused() {
    // Given
    keysLoaded();
    Map<String, Object> claims = claims();
    claims.put("aud", List.of("grafana"));

    // When / Then
    post(Jwts.sign("key-1", key1.getPrivate(), claims))
        .statusCode(401)
        .body("detail", equalTo("wrong audience: the token is not meant for governor-ingest"));
  }

  @Test
  void aStaticTokenStillWritesAndAWrongOneIsNeitherTokenNorJwt() {
    Authorized.given()
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then()
        .statusCode(202);
    post(Authorized.TOKEN + "-not")
        .statusCode(401)
        .body("detail", containsString("neither one of metrics-ingest's tokens nor a JWT"));
  }

  @Test
  void aKeyTheProviderRotatesInIsAcceptedWithoutWaitingForTheNextRefresh() {
    // Given the provider adds a key and signs with it
    keysLoaded();
    KeyPair key2 = Jwts.rsaKeyPair();
    IdentityProvider.publish(Jwts.jwks(Jwts.jwk("key-1", key1), Jwts.jwk("key-2", key2)));
    String token = Jwts.sign("key-2", key2.getPrivate(), claims());

    // When / Then: the unknown kid makes ingest fetch the JWKS again (jwks-refresh is 10 minutes)
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(token).statusCode(202));
    given().get("/q/metrics").then().body(containsString("governor_ingest_auth_oidc_keys 2.0"));
  }

  @Test
  void refusedJwtsAreCountedByReason() {
    // Given
    keysLoaded();
    String unsigned = Jwts.unsigned(Map.of("alg", "none", "kid", "key-1"), claims(), new byte[0]);

    // When
    post(unsigned)
        .statusCode(401)
        .body("detail", equalTo("unsigned tokens (alg none) are not accepted"));

    // Then
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("governor_ingest_auth_jwt_refused_total{reason=\"algorithm\"}"));
  }

  private static void keysLoaded() {
    String token = Jwts.sign("key-1", key1.getPrivate(), claims());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(token).statusCode(202));
  }

  private static Map<String, Object> claims() {
    return Jwts.claims(IdentityProvider.issuer(), Instant.now());
  }

  private static ValidatableResponse post(String token) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then();
  }
}

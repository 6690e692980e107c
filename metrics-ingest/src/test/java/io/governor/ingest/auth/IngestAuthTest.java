package io.governor.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.governor.ingest.Authorized;
import io.governor.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every write endpoint wants a bearer token; what operators and probes read does not. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IngestAuthTest {

  private static final String DEPLOYMENT =
      """
      {"workload": "shop/Deployment/guarded", "kind": "ROLLOUT_COMPLETE", "revision": "4"}
      """;

  @ParameterizedTest
  @ValueSource(strings = {"/v1/deployments", "/v1/metrics", "/api/v1/write"})
  void aWriteWithoutATokenIsRefusedWithAChallenge(String path) {
    given()
        .contentType(path.equals("/api/v1/write") ? "application/x-protobuf" : "application/json")
        .header("Content-Encoding", "snappy")
        .body(new byte[] {1, 2, 3})
        .post(path)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"governor\""))
        .contentType("application/problem+json")
        .body("status", equalTo(401))
        .body("violations[0].field", equalTo("Authorization"));
  }

  @Test
  void aWrongTokenIsRefusedAsAnInvalidToken() {
    given()
        .header("Authorization", "Bearer " + Authorized.TOKEN + "-not")
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then()
        .statusCode(401)
        .header(
            "WWW-Authenticate",
            equalTo(
                "Bearer realm=\"governor\", error=\"invalid_token\","
                    + " error_description=\"the bearer token is not one of metrics-ingest's"
                    + " tokens\""))
        .body("detail", containsString("not one of"));
    given()
        .header("Authorization", "Basic " + Authorized.TOKEN)
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then()
        .statusCode(401)
        .body("detail", containsString("Bearer <token>"));
  }

  @Test
  void theRightTokenWrites() {
    Authorized.given()
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then()
        .statusCode(202);
  }

  @Test
  void healthMetricsAndOpenApiNeedNoTokenAndTheRefusalsAreCounted() {
    given()
        .contentType(ContentType.JSON)
        .body(DEPLOYMENT)
        .post("/v1/deployments")
        .then()
        .statusCode(401);
    given().get("/q/health/ready").then().statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "governor_ingest_requests_total{endpoint=\"deployments\",outcome=\"unauthorized\"}"))
        .body(containsString("governor_ingest_auth_tokens 1.0"));
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/write"), containsString("scheme: bearer"));
  }
}

package io.governor.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ServiceEndpointsTest {

  @Test
  void readinessCoversKafkaAndRedis() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "SmallRye Reactive Messaging - readiness check", "Redis connection health check"));
  }

  @Test
  void unexpectedRequestsGetProblemDetailsToo() {
    given()
        .get("/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    given()
        .contentType("text/plain")
        .body("name: x")
        .post("/v1/policies")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @Test
  void metricsAndOpenApiAreServed() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("governor_engine_analyses_running"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/policies"));
  }
}

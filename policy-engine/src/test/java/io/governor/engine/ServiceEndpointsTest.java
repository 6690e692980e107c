package io.governor.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
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
  void theMetricsDashboardsAndAlertsUseAreExportedBeforeAnyEvent() {
    // Given a started engine, whose consumer is assigned the partitions of its three topics
    // When Prometheus scrapes it
    // Then the gauges and counters with closed label sets are there, at their first values
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(
                        containsString("governor_engine_analyses_running{state=\"analysing\"}"),
                        containsString("governor_engine_analyses_running{state=\"watching\"}"),
                        containsString(
                            "governor_engine_events_rejected_total{reason=\"unreadable\"}"),
                        containsString(
                            "governor_engine_events_rejected_total{reason=\"retries-exhausted\"}"),
                        containsString("governor_engine_events_rejected_total{reason=\"failed\"}"),
                        matchesPattern(
                            "(?s).*\ngovernor_consumer_lag_records\\{partition=\"0\","
                                + "topic=\"governor\\.metrics\\.v1\"\\} [0-9.E]+\n.*"),
                        containsString(
                            "governor_consumer_lag_records{partition=\"0\","
                                + "topic=\"governor.deployments.v1\"} "),
                        containsString(
                            "governor_consumer_lag_records{partition=\"0\","
                                + "topic=\"governor.schedules.v1\"} ")));
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

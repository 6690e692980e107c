package io.governor.actuator;

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
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
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
  void theMetricsDashboardsAndAlertsUseAreExportedBeforeAnyDecision() {
    // Given a started actuator, whose consumer is assigned the decisions topic
    // When Prometheus scrapes it
    // Then every count with a closed set of tags is there, and the consumer's lag per partition
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(
                        containsString(
                            "governor_actuator_actions_total{outcome=\"FAILED\",type=\"ROLLBACK\"}"),
                        containsString(
                            "governor_actuator_actions_total{outcome=\"REFUSED\",type=\"SCALE\"}"),
                        containsString("governor_actuator_safety_stops_total{limit=\"cooldown\"}"),
                        containsString(
                            "governor_actuator_decisions_rejected_total{reason=\"unreadable\"}"),
                        containsString(
                            "governor_actuator_decisions_rejected_total"
                                + "{reason=\"api-server-unavailable\"}"),
                        matchesPattern(
                            "(?s).*\ngovernor_consumer_lag_records\\{partition=\"0\","
                                + "topic=\"governor\\.decisions\\.v1\"\\} [0-9.E]+\n.*")));
  }

  @Test
  void metricsAndOpenApiAreServed() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
  }
}

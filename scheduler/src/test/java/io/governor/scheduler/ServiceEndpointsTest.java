package io.governor.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

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

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void readinessCoversKafkaRedisAndSaysWhoLeads() {
    // Given the scheduler started against Kafka, Redis and a Kubernetes API
    // When it has won the lease (it is the only instance)
    // Then readiness is up, covers Kafka and Redis, and says this instance leads
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body(
                        "checks.name",
                        hasItems(
                            "SmallRye Reactive Messaging - readiness check",
                            "Redis connection health check",
                            "Scheduler leader election"))
                    .body(
                        "checks.find { it.name == 'Scheduler leader election' }.data.leader",
                        equalTo(true)));
  }

  @Test
  void ticksAndLeadershipAreCounted() {
    // Given the scheduler leads
    // When its metrics are read
    // Then they show the ticks and the leadership
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(containsString("governor_scheduler_ticks_total"))
                    .body(containsString("governor_scheduler_leader 1.0"))
                    .body(containsString("governor_scheduler_schedules ")));
  }
}

package io.governor.ingest;

import static io.governor.ingest.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.governor.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ServiceEndpointsTest {

  @Test
  void readinessCoversKafkaNotRedis() {
    // No Redis runs here: only the watch uses it, and it is off, so ingest is ready without it.
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check"))
        .body("checks.name", not(hasItems("Redis connection health check")));
  }

  @Test
  void publishedEventsAreCountedAndTheApiIsDescribed() {
    given()
        .contentType("application/json")
        .body(
            """
            {"workload": "shop/Deployment/metered", "kind": "ROLLOUT_COMPLETE", "revision": "3"}
            """)
        .post("/v1/deployments")
        .then()
        .statusCode(202);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString("governor_ingest_events_published_total{stream=\"deployments\"}"),
            // The watch is off in this profile: no sync state to alert on.
            not(containsString("governor_ingest_watch_synced")));
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/v1/deployments"), containsString("/v1/metrics"));
  }
}

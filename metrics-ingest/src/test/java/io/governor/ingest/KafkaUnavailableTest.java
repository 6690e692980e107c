package io.governor.ingest;

import static io.governor.ingest.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.governor.ingest.remotewrite.WriteRequestBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With no broker to write to, nothing is acknowledged: the client is told to come back. */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {

  /** A bootstrap address where no broker listens; one metric request in flight at most. */
  public static class NoBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers", "127.0.0.1:1",
          "mp.messaging.outgoing.deployments-out.max.block.ms", "1000",
          "mp.messaging.outgoing.deployments-out.delivery.timeout.ms", "2000",
          "mp.messaging.outgoing.deployments-out.request.timeout.ms", "1000",
          // Long enough for a second request to find the first still waiting.
          "mp.messaging.outgoing.metrics-out.max.block.ms", "3000",
          "mp.messaging.outgoing.metrics-out.delivery.timeout.ms", "4000",
          "mp.messaging.outgoing.metrics-out.request.timeout.ms", "1000",
          "governor.ingest.max-in-flight-requests", "1");
    }
  }

  private static final String METRICS =
      """
      {"workload": "shop/Deployment/search", "samples": [
        {"revision": "7", "name": "http_requests_total", "type": "COUNTER",
         "value": 1, "timestamp": "2026-11-27T10:00:00Z"}]}
      """;

  @Test
  void anEventThatCannotBeWrittenIsAnsweredWith503AndRetryAfter() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"workload": "shop/Deployment/payments", "kind": "ROLLOUT_COMPLETE", "revision": "2"}
            """)
        .post("/v1/deployments")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", equalTo("5"))
        .body("detail", notNullValue());
  }

  @Test
  void aRemoteWriteThatCannotBeWrittenIsAnsweredWith503AndRetryAfter() {
    given()
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .body(
            new WriteRequestBuilder()
                .series(
                    new String[] {
                      "__name__", "http_requests_total", "deployment", "search", "namespace", "shop"
                    },
                    1.0,
                    Instant.now().toEpochMilli())
                .snappy())
        .post("/api/v1/write")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", equalTo("5"));
  }

  @Test
  void aMetricRequestBeyondTheInFlightBoundIsTurnedAwayWith429AndRetryAfter() throws Exception {
    // Given one request waiting for the absent broker
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(
            () -> given().contentType(ContentType.JSON).body(METRICS).post("/v1/metrics"));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                io.restassured.RestAssured.get("/q/metrics")
                    .asString()
                    .contains("governor_ingest_in_flight_requests 1.0"));

    // When another comes, it is turned away at once
    given()
        .contentType(ContentType.JSON)
        .body(METRICS)
        .post("/v1/metrics")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", equalTo("5"))
        .body("detail", containsString("retry later"));

    // And the first is told Kafka did not take it
    Response first = waiting.get(20, TimeUnit.SECONDS);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.header("Retry-After")).isEqualTo("5");
    io.restassured.RestAssured.get("/q/metrics")
        .then()
        .body(
            containsString(
                "governor_ingest_requests_total{endpoint=\"metrics\",outcome=\"overloaded\"}"))
        .body(
            containsString(
                "governor_ingest_samples_rejected_total{endpoint=\"metrics\",reason=\"overloaded\"}"));
  }
}

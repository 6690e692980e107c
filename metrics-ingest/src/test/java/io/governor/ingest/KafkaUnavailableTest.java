package io.governor.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no broker to write to, nothing is acknowledged: the client is told to come back. */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {

  /** A bootstrap address where no broker listens. */
  public static class NoBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers", "127.0.0.1:1",
          "mp.messaging.outgoing.deployments-out.max.block.ms", "1000",
          "mp.messaging.outgoing.deployments-out.delivery.timeout.ms", "2000",
          "mp.messaging.outgoing.deployments-out.request.timeout.ms", "1000");
    }
  }

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
}

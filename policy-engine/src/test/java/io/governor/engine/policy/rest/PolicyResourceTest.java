package io.governor.engine.policy.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class PolicyResourceTest {

  private static String policy(String name, double maxRatio) {
    return """
        {"name": "%s",
         "target": {"namespace": "shop", "kind": "Deployment", "name": "%s"},
         "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                    "errorsMetric": "http_request_errors_total",
                                    "maxRatio": %s}}}
        """
        .formatted(name, name, maxRatio);
  }

  @Test
  void aPolicyIsCreatedReadListedAndDeleted() {
    given()
        .contentType(ContentType.JSON)
        .header("X-Governor-Actor", "alice")
        .body(policy("lifecycle", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201)
        .header("ETag", "\"1\"")
        .header("Location", org.hamcrest.Matchers.endsWith("/v1/policies/lifecycle"))
        .body("version", equalTo(1))
        .body("updatedBy", equalTo("alice"))
        .body("policy.rollback.errorRate.maxRatio", equalTo(0.05f));

    given().get("/v1/policies/lifecycle").then().statusCode(200).header("ETag", "\"1\"");
    given().get("/v1/policies").then().statusCode(200).body("policy.name", hasItems("lifecycle"));

    given().delete("/v1/policies/lifecycle").then().statusCode(204);
    given()
        .get("/v1/policies/lifecycle")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Policy not found"));
  }

  @Test
  void aBadPolicyIsRefusedWithEveryFieldAtFault() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "bad",
             "target": {"namespace": "shop", "name": "checkout"},
             "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                        "errorsMetric": "http errors", "maxRatio": 1.5}}}
            """)
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "violations.field",
            hasItems("rollback.errorRate.errorsMetric", "rollback.errorRate.maxRatio"));
    given().get("/v1/policies/bad").then().statusCode(404);
  }

  @Test
  void aWrongTypeIsRefusedNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "typed", "target": {"namespace": "shop", "name": "checkout"},
             "mode": "sometimes",
             "rollback": {"errorRate": {"requestsMetric": "a", "errorsMetric": "b",
                                        "maxRatio": 0.1}}}
            """)
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("mode"));
  }

  @Test
  void twoEditorsCannotSilentlyOverwriteEachOther() {
    given()
        .contentType(ContentType.JSON)
        .body(policy("contested", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201);

    // Alice updates from version 1
    given()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(policy("contested", 0.02))
        .put("/v1/policies/contested")
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("version", equalTo(2));

    // Bob, still holding version 1, is refused
    given()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(policy("contested", 0.10))
        .put("/v1/policies/contested")
        .then()
        .statusCode(412)
        .contentType("application/problem+json");

    given()
        .get("/v1/policies/contested")
        .then()
        .body("policy.rollback.errorRate.maxRatio", equalTo(0.02f));
  }

  @Test
  void numbersSurviveAnUpdateExactly() {
    given()
        .contentType(ContentType.JSON)
        .body(policy("exact", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201);

    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "exact", "target": {"namespace": "shop", "name": "exact"},
             "rollback": {"errorRate": {"requestsMetric": "a", "errorsMetric": "b",
                                        "maxRatio": 0.1234567890123456,
                                        "falseAlarmRate": 0.000123456789012345,
                                        "minRequests": 123456789012345}}}
            """)
        .put("/v1/policies/exact")
        .then()
        .statusCode(200);

    String stored = given().get("/v1/policies/exact").then().statusCode(200).extract().asString();
    org.assertj.core.api.Assertions.assertThat(stored)
        .contains("0.1234567890123456", "1.23456789012345E-4", "123456789012345")
        .contains("\"version\":2");
  }

  @Test
  void ofManyConcurrentEditorsHoldingOneVersionExactlyOneWins() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body(policy("race", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201);
    java.util.concurrent.ExecutorService editors =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int editor = 0; editor < 8; editor++) {
        double ratio = 0.01 * (editor + 1);
        answers.add(
            editors.submit(
                () ->
                    given()
                        .contentType(ContentType.JSON)
                        .header("If-Match", "\"1\"")
                        .body(policy("race", ratio))
                        .put("/v1/policies/race")
                        .statusCode()));
      }
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      for (var answer : answers) {
        statuses.add(answer.get());
      }
      org.assertj.core.api.Assertions.assertThat(statuses)
          .containsOnly(200, 412)
          .filteredOn(status -> status == 200)
          .hasSize(1);
    } finally {
      editors.shutdownNow();
    }
    given().get("/v1/policies/race").then().body("version", equalTo(2));
  }

  @Test
  void durationsReadAndWriteAsIso8601() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "timed", "target": {"namespace": "shop", "name": "timed"},
             "rollback": {"analysis": {"duration": "PT45M",
                                       "noData": {"after": "PT3M", "consequence": "alert"}},
                          "health": {}}}
            """)
        .post("/v1/policies")
        .then()
        .statusCode(201)
        .body("policy.rollback.analysis.duration", equalTo("PT45M"))
        .body("policy.rollback.analysis.noData.after", equalTo("PT3M"))
        .body("policy.rollback.analysis.noData.consequence", equalTo("alert"));
  }

  @Test
  void aMisspeltFieldIsRefusedNotIgnored() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "typo", "target": {"namespace": "shop", "name": "checkout"},
             "rollback": {"errorRate": {"requestsMetric": "a", "errorsMetric": "b",
                                        "maxRatio": 0.1, "minRequest": 10}}}
            """)
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("rollback.errorRate.minRequest"));
  }

  @Test
  void everyChangeIsKeptWithWhoAndWhen() {
    given()
        .contentType(ContentType.JSON)
        .header("X-Governor-Actor", "alice")
        .body(policy("audited", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .header("X-Governor-Actor", "bob")
        .header("If-Match", "\"1\"")
        .body(policy("audited", 0.02))
        .put("/v1/policies/audited")
        .then()
        .statusCode(200);
    given()
        .header("X-Governor-Actor", "carol")
        .delete("/v1/policies/audited")
        .then()
        .statusCode(204);

    given()
        .get("/v1/policies/audited/versions")
        .then()
        .statusCode(200)
        .body("version", contains(1, 2, 3))
        .body("operation", contains("create", "update", "delete"))
        .body("changedBy", contains("alice", "bob", "carol"))
        .body("[0].policy.rollback.errorRate.maxRatio", equalTo(0.05f))
        .body("[1].policy.rollback.errorRate.maxRatio", equalTo(0.02f));
  }

  @Test
  void creatingAPolicyTwiceConflicts() {
    given()
        .contentType(ContentType.JSON)
        .body(policy("twice", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(201);
    given()
        .contentType(ContentType.JSON)
        .body(policy("twice", 0.05))
        .post("/v1/policies")
        .then()
        .statusCode(409);
  }
}

package io.governor.engine.rollback.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.governor.testsupport.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class RollbackFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String UNREADABLE_REJECTED =
      "governor_engine_events_rejected_total{reason=\"unreadable\"}";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private KafkaTopicProbe kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaTopicProbe(bootstrap);
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  @Test
  void aRevisionWithTooManyErrorsIsRolledBackWithItsEvidence() {
    // Given a policy for shop/Deployment/orders
    WorkloadId orders = WorkloadId.parse("shop/Deployment/orders");
    createPolicy("orders-errors", "orders");

    // When revision 2 is deployed and fails 25% of 400 requests
    publishDeployment(orders, "2", "1");
    publishCounters(orders, "2", 400, 100);

    // Then one rollback decision to revision 1 arrives, with its numbers
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(Topics.DECISIONS, r -> r.key().equals(orders.key()), WAIT);
    Decision decision =
        EventCodec.decode(record.value(), EventTypes.DECISION, Decision.class).data();
    assertThat(decision.type()).isEqualTo(DecisionType.ROLLBACK);
    assertThat(decision.target().toRevision()).isEqualTo("1");
    assertThat(decision.policy()).isEqualTo("orders-errors");
    assertThat(decision.policyVersion()).isEqualTo(1);
    assertThat(decision.evidence().get(0).observed())
        .containsEntry("requests", 400.0)
        .containsEntry("errors", 100.0);
    // And it names the sample whose errors counted against the revision
    assertThat(decision.firstBadSampleAt())
        .isEqualTo(decision.evidence().get(0).windowStart())
        .isBeforeOrEqualTo(decision.decidedAt());
    // And it is counted by rule and verdict, with the time it took as a histogram
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "governor_engine_decisions_total{dry_run=\"false\",outcome=\"fail\","
                    + "rule=\"error-rate\",type=\"ROLLBACK\"}"),
            containsString("governor_engine_time_to_decision_seconds_count{rule=\"error-rate\"}"),
            containsString(
                "governor_engine_time_to_decision_seconds_bucket{rule=\"error-rate\",le=\"1.0\"}"),
            containsString(
                "governor_engine_time_to_decision_seconds_bucket{rule=\"error-rate\",le=\"1800.0\"}"),
            containsString(
                "governor_engine_analysis_outcomes_total{outcome=\"fail\",rule=\"error-rate\"}"));
  }

  @Test
  void aPolicyCanSelectWorkloadsByTheirLabels() {
    // Given a policy for every workload of team search, and a deploy of one that carries the label
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "team-search",
             "target": {"namespace": "shop", "selector": {"team": "search"}},
             "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                        "errorsMetric": "http_request_errors_total",
                                        "maxRatio": 0.05}}}
            """)
        .post("/v1/policies")
        .then()
        .statusCode(201);
    WorkloadId suggest = WorkloadId.parse("shop/Deployment/suggest");
    DeploymentEvent deploy =
        new DeploymentEvent(
            suggest,
            DeploymentEventKind.NEW_REVISION,
            "4",
            "3",
            null,
            null,
            "test",
            Instant.now(),
            Map.of("team", "search", "app", "suggest"));
    kafka.send(
        Topics.DEPLOYMENTS,
        suggest.key(),
        EventCodec.encode(
            CloudEvent.of(EventTypes.DEPLOYMENT, "/test", suggest, deploy, Clock.systemUTC())));

    // When it fails
    publishCounters(suggest, "4", 300, 120);

    // Then the selecting policy decides
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(Topics.DECISIONS, r -> r.key().equals(suggest.key()), WAIT);
    assertThat(
            EventCodec.decode(record.value(), EventTypes.DECISION, Decision.class).data().policy())
        .isEqualTo("team-search");
  }

  @Test
  void aPoisonRecordIsDeadLetteredWithItsReasonAndThePartitionGoesOn() {
    // Given a record that is not an event, on the key of a workload under a policy
    WorkloadId billing = WorkloadId.parse("shop/Deployment/billing");
    createPolicy("billing-errors", "billing");
    double rejectedBefore = Scrape.value(UNREADABLE_REJECTED);
    kafka.send(Topics.METRICS, billing.key(), "{\"this is\": \"not an event\"}");

    // When a real failure follows on the same partition
    publishDeployment(billing, "5", "4");
    publishCounters(billing, "5", 300, 150);

    // Then the poison record is set aside with the reason
    ConsumerRecord<String, String> dead =
        kafka.awaitRecord(
            Topics.DEAD_LETTER_POLICY_ENGINE, r -> billing.key().equals(r.key()), WAIT);
    assertThat(KafkaTopicProbe.header(dead, "dead-letter-reason")).contains("no CloudEvents type");
    // And counted as unreadable
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(Scrape.value(UNREADABLE_REJECTED)).isEqualTo(rejectedBefore + 1));
    // And the decision after it is still made
    kafka.awaitRecord(Topics.DECISIONS, r -> r.key().equals(billing.key()), WAIT);
  }

  @Test
  void aRunningAnalysisIsExplainedAndCanBeCutShortByHand() {
    // Given revision 8 of inventory under analysis, with too few requests to judge
    WorkloadId inventory = WorkloadId.parse("shop/Deployment/inventory");
    createPolicy("inventory-errors", "inventory");
    publishDeployment(inventory, "8", "7");
    publishCounters(inventory, "8", 20, 1);

    // Then the explain view shows what the rule sees and what it still needs
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/v1/workloads/shop/Deployment/inventory/analysis")
                    .then()
                    .statusCode(200)
                    .body("[0].policy", equalTo("inventory-errors"))
                    .body("[0].revision", equalTo("8"))
                    .body("[0].baselineRevision", equalTo("7"))
                    .body("[0].rules[0].rule", equalTo("error-rate"))
                    .body("[0].rules[0].verdict", equalTo("INCONCLUSIVE"))
                    .body("[0].rules[0].observed.requests", equalTo(20.0f))
                    .body("[0].rules[0].summary", containsString("20 of 50 requests")));

    // When a person asks without saying why, it is refused
    given()
        .contentType(ContentType.JSON)
        .header("X-Governor-Actor", "alice")
        .body("{}")
        .post("/v1/workloads/shop/Deployment/inventory/rollback")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("reason"));

    // When she says why, the rollback is decided at once, with who and why
    String id =
        given()
            .contentType(ContentType.JSON)
            .header("X-Governor-Actor", "alice")
            .body("{\"reason\": \"customers report failed payments\"}")
            .post("/v1/workloads/shop/Deployment/inventory/rollback")
            .then()
            .statusCode(202)
            .body("target.fromRevision", equalTo("8"))
            .body("target.toRevision", equalTo("7"))
            .body("rule", equalTo("manual"))
            .extract()
            .path("id");
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(Topics.DECISIONS, r -> r.value().contains(id), WAIT);
    assertThat(record.value()).contains("requested by alice: customers report failed payments");

    // And the analysis ended; the decision can be looked up by workload and time
    given().get("/v1/workloads/shop/Deployment/inventory/analysis").then().body("size()", is(0));
    given()
        .queryParam("workload", inventory.key())
        .get("/v1/decisions")
        .then()
        .statusCode(200)
        .body("id", hasItem(id));
    given()
        .queryParam("workload", inventory.key())
        .queryParam("since", Instant.now().plusSeconds(60).toString())
        .get("/v1/decisions")
        .then()
        .statusCode(200)
        .body("size()", is(0));
    given()
        .queryParam("workload", "inventory")
        .get("/v1/decisions")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("workload"));
  }

  private static void createPolicy(String name, String workload) {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "%s",
             "target": {"namespace": "shop", "kind": "Deployment", "name": "%s"},
             "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                        "errorsMetric": "http_request_errors_total",
                                        "maxRatio": 0.05}}}
            """
                .formatted(name, workload))
        .post("/v1/policies")
        .then()
        .statusCode(201);
  }

  private void publishDeployment(WorkloadId workload, String revision, String previous) {
    DeploymentEvent event =
        new DeploymentEvent(
            workload,
            DeploymentEventKind.NEW_REVISION,
            revision,
            previous,
            "ghcr.io/governor-demo/" + workload.name() + ":" + revision,
            null,
            "test",
            Instant.now());
    kafka.send(
        Topics.DEPLOYMENTS,
        workload.key(),
        EventCodec.encode(
            CloudEvent.of(EventTypes.DEPLOYMENT, "/test", workload, event, Clock.systemUTC())));
  }

  private void publishCounters(
      WorkloadId workload, String revision, double requests, double errors) {
    Instant now = Instant.now();
    Map<String, String> pod = Map.of("pod", workload.name() + "-0");
    MetricBatch batch =
        new MetricBatch(
            workload,
            List.of(
                new MetricSample(
                    revision, "http_requests_total", MetricType.COUNTER, pod, requests, now),
                new MetricSample(
                    revision, "http_request_errors_total", MetricType.COUNTER, pod, errors, now)));
    kafka.send(
        Topics.METRICS,
        workload.key(),
        EventCodec.encode(
            CloudEvent.of(EventTypes.METRIC_BATCH, "/test", workload, batch, Clock.systemUTC())));
  }
}

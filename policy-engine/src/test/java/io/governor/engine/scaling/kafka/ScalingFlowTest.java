package io.governor.engine.scaling.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ScalingFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

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
  void loadAboveTheTargetScalesUpWithEveryInputAsEvidence() {
    // Given a policy that keeps 50 requests per second per replica of shop/payments
    WorkloadId payments = WorkloadId.parse("shop/Deployment/payments");
    createPolicy("payments-scaling", "payments");

    // When 2 replicas see 430 requests per second, and ticks go by
    Decision decision = awaitDecision(payments, 430, 2);

    // Then one scale decision asks for 6 (9 wanted; the HPA's rate limit allows 6 from 2)
    assertThat(decision.type()).isEqualTo(DecisionType.SCALE);
    assertThat(decision.target().replicas()).isEqualTo(6);
    assertThat(decision.policy()).isEqualTo("payments-scaling");
    assertThat(decision.evidence().get(0).observed())
        .containsEntry("currentReplicas", 2.0)
        .containsEntry("targetTracking", 9.0)
        .containsEntry("metric.http_requests_per_second", 215.0);
    assertThat(decision.reason()).contains("2 -> 6 replicas").contains("target tracking 9");
    // And the view and the gauges say the same
    given()
        .get("/v1/workloads/shop/Deployment/payments/scaling")
        .then()
        .statusCode(200)
        .body("policy", equalTo("payments-scaling"))
        .body("last.combined", equalTo(9));
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "governor_engine_scaling_desired_replicas{namespace=\"shop\","
                    + "workload=\"Deployment/payments\"}"));
  }

  @Test
  void aScheduleWindowRaisesTheFloor() {
    // Given a quiet workload at its minimum of 2
    WorkloadId search = WorkloadId.parse("shop/Deployment/search");
    createPolicy("search-scaling", "search");
    tick();
    publishLoad(search, 50, 2.0);

    // When the scheduler opens a window with a floor of 4 for an hour
    ScheduleEvent start =
        new ScheduleEvent(
            ScheduleEventKind.SCHEDULE_START,
            search,
            "search-scaling",
            "sale",
            4,
            null,
            Instant.now().plus(Duration.ofHours(1)),
            0,
            Instant.now());
    kafka.send(
        Topics.SCHEDULES,
        search.key(),
        EventCodec.encode(
            CloudEvent.of(EventTypes.SCHEDULE, "/test", search, start, Clock.systemUTC())));

    // Then the next evaluation scales to 4, naming the floor
    Decision decision = awaitDecision(search, 50, 2);
    assertThat(decision.target().replicas()).isEqualTo(4);
    assertThat(decision.evidence().get(0).observed()).containsEntry("scheduleFloor", 4.0);
  }

  @Test
  void aWorkloadWithoutAReplicaCountDoesNotStopTheOthersScaling() {
    // Given shop/ledger is taken on, but its replica count never arrives
    WorkloadId ledger = WorkloadId.parse("shop/Deployment/ledger");
    createPolicy("ledger-scaling", "ledger");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              publishLoad(ledger, 400, null);
              tick();
              return given().get("/v1/workloads/shop/Deployment/ledger/scaling").statusCode()
                  == 200;
            });

    // When shop/quotes runs hot beside it
    WorkloadId quotes = WorkloadId.parse("shop/Deployment/quotes");
    createPolicy("quotes-scaling", "quotes");
    Decision decision = awaitDecision(quotes, 430, 2);

    // Then quotes is scaled, and ledger, without a count, has no replica gauges
    assertThat(decision.target().replicas()).isEqualTo(6);
    given().get("/q/metrics").then().body(not(containsString("workload=\"Deployment/ledger\"")));
  }

  @Test
  void aWorkloadNoPolicyScalesHasNoScalingView() {
    given()
        .get("/v1/workloads/shop/Deployment/unknown/scaling")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  /** Publishes the load and a tick until the decision for the workload arrives. */
  private Decision awaitDecision(WorkloadId workload, double rps, double replicas) {
    AtomicReference<Decision> found = new AtomicReference<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              publishLoad(workload, rps, replicas);
              tick();
              Optional<ConsumerRecord<String, String>> record =
                  kafka.readAll(Topics.DECISIONS, Duration.ofSeconds(5)).stream()
                      .filter(r -> r.key().equals(workload.key()))
                      .findFirst();
              record.ifPresent(
                  r ->
                      found.set(
                          EventCodec.decode(r.value(), EventTypes.DECISION, Decision.class)
                              .data()));
              return record.isPresent();
            });
    return found.get();
  }

  private void tick() {
    ScheduleEvent tick = ScheduleEvent.tick(1, Instant.now());
    kafka.send(
        Topics.SCHEDULES,
        ScheduleEvent.TICK_KEY,
        EventCodec.encode(
            CloudEvent.of(EventTypes.SCHEDULE, "/test", null, tick, Clock.systemUTC())));
  }

  /** The load of two pods, and the workload's replica count unless it is null. */
  private void publishLoad(WorkloadId workload, double rps, Double replicas) {
    Instant now = Instant.now();
    List<MetricSample> samples =
        new ArrayList<>(
            List.of(
                new MetricSample(
                    null,
                    "http_requests_per_second",
                    MetricType.GAUGE,
                    Map.of("pod", workload.name() + "-0"),
                    rps / 2,
                    now),
                new MetricSample(
                    null,
                    "http_requests_per_second",
                    MetricType.GAUGE,
                    Map.of("pod", workload.name() + "-1"),
                    rps / 2,
                    now)));
    if (replicas != null) {
      samples.add(
          new MetricSample(
              null, "kube_deployment_spec_replicas", MetricType.GAUGE, Map.of(), replicas, now));
    }
    MetricBatch batch = new MetricBatch(workload, samples);
    kafka.send(
        Topics.METRICS,
        workload.key(),
        EventCodec.encode(
            CloudEvent.of(EventTypes.METRIC_BATCH, "/test", workload, batch, Clock.systemUTC())));
  }

  private static void createPolicy(String name, String workload) {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "%s",
             "target": {"namespace": "shop", "kind": "Deployment", "name": "%s"},
             "scaling": {"minReplicas": 2, "maxReplicas": 20,
                         "metrics": [{"name": "http_requests_per_second",
                                      "type": "AverageValue", "value": 50}]}}
            """
                .formatted(name, workload))
        .post("/v1/policies")
        .then()
        .statusCode(201);
  }
}

package io.governor.ingest;

import static io.governor.ingest.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IngestResourcesTest {

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
  void aDeploymentEventIsPublishedKeyedByWorkloadOnceKafkaHasIt() {
    // Given a pipeline reporting revision 2 of payments
    String body =
        """
        {"workload": "shop/Deployment/payments", "kind": "NEW_REVISION", "revision": "2",
         "previousRevision": "1", "image": "ghcr.io/governor-demo/payments:2.0"}
        """;

    // When
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/v1/deployments")
            .then()
            .statusCode(202)
            .body("type", equalTo(EventTypes.DEPLOYMENT))
            .extract()
            .path("id");

    // Then the record is on the deployments topic, keyed by the workload
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(Topics.DEPLOYMENTS, r -> r.value().contains(id), Duration.ofSeconds(20));
    assertThat(record.key()).isEqualTo("shop/Deployment/payments");
    CloudEvent<DeploymentEvent> event =
        EventCodec.decode(record.value(), EventTypes.DEPLOYMENT, DeploymentEvent.class);
    assertThat(event.source()).isEqualTo("/metrics-ingest");
    assertThat(event.subject()).isEqualTo("shop/Deployment/payments");
    assertThat(event.data().kind()).isEqualTo(DeploymentEventKind.NEW_REVISION);
    assertThat(event.data().origin()).isEqualTo("webhook");
    assertThat(event.data().observedAt()).isNotNull();
  }

  @Test
  void aNewRevisionWithoutItsPreviousRevisionIsRefusedNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"workload": "shop/Deployment/payments", "kind": "NEW_REVISION", "revision": "2"}
            """)
        .post("/v1/deployments")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("previousRevision"))
        .body("detail", notNullValue());
  }

  @Test
  void aMalformedWorkloadIdIsRefusedNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"workload": "payments", "kind": "ROLLOUT_COMPLETE", "revision": "2"}
            """)
        .post("/v1/deployments")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("workload"));
  }

  @Test
  void brokenJsonGetsProblemDetailsToo() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"workload\": ")
        .post("/v1/metrics")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("(body)"));
  }

  @Test
  void metricSamplesArePublishedAsOneBatch() {
    String body =
        """
        {"workload": "shop/Deployment/search", "samples": [
          {"revision": "7", "name": "http_requests_total", "type": "COUNTER",
           "labels": {"pod": "search-abc"}, "value": 120, "timestamp": "2026-11-27T10:00:00Z"},
          {"revision": "7", "name": "http_request_duration_seconds_bucket",
           "type": "HISTOGRAM_BUCKET", "labels": {"le": "0.25"}, "value": 100,
           "timestamp": "2026-11-27T10:00:00Z"}]}
        """;

    String id =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/v1/metrics")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    ConsumerRecord<String, String> record =
        kafka.awaitRecord(Topics.METRICS, r -> r.value().contains(id), Duration.ofSeconds(20));
    assertThat(record.key()).isEqualTo("shop/Deployment/search");
    MetricBatch batch =
        EventCodec.decode(record.value(), EventTypes.METRIC_BATCH, MetricBatch.class).data();
    assertThat(batch.samples()).hasSize(2);
    assertThat(batch.samples().get(1).labels()).containsEntry("le", "0.25");
  }

  @Test
  void tooManySamplesInOneRequestAreRefused() {
    String sample =
        """
        {"name": "up", "type": "GAUGE", "value": 1, "timestamp": "2026-11-27T10:00:00Z"}""";
    String body =
        "{\"workload\": \"shop/Deployment/search\", \"samples\": ["
            + String.join(",", sample, sample, sample, sample)
            + "]}";

    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/metrics")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("samples"));
  }

  @Test
  void aNegativeCounterIsRefusedNamingTheSample() {
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"workload": "shop/Deployment/search", "samples": [
              {"revision": "7", "name": "http_requests_total", "type": "COUNTER",
               "value": 1, "timestamp": "2026-11-27T10:00:00Z"},
              {"revision": "7", "name": "http_requests_total", "type": "COUNTER",
               "value": -1, "timestamp": "2026-11-27T10:00:01Z"}]}
            """)
        .post("/v1/metrics")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("samples[1].value"));
  }
}

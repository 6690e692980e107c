package io.governor.ingest.remotewrite;

import static io.governor.ingest.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricType;
import io.governor.contracts.Topics;
import io.governor.ingest.overload.InFlightLimit;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver over HTTP, with bodies written here as Prometheus writes them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RemoteWriteResourceTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject InFlightLimit limit;

  private KafkaTopicProbe kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaTopicProbe(bootstrap);
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  private static RequestSpecification remoteWrite() {
    return given()
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0");
  }

  @Test
  void eachWorkloadsSamplesArePublishedKeyedByItAndThe204ComesAfterKafka() {
    long now = Instant.now().toEpochMilli();
    byte[] body =
        new WriteRequestBuilder()
            .series(
                new String[] {
                  "__name__", "http_requests_total",
                  "deployment", "inventory",
                  "namespace", "shop",
                  "pod", "inventory-6c8d5-x1",
                  "pod_template_hash", "6c8d5"
                },
                41.0,
                now,
                42.0,
                now + 1000)
            .series(
                new String[] {"__name__", "orders_in_queue", "app", "billing", "namespace", "shop"},
                7.0,
                now)
            .series(new String[] {"__name__", "up", "job", "prometheus"}, 1.0, now)
            .snappy();

    remoteWrite().body(body).post("/api/v1/write").then().statusCode(204);

    // The 204 came after Kafka had both records: they are there at once
    List<ConsumerRecord<String, String>> records =
        kafka.readAll(Topics.METRICS, Duration.ofSeconds(10)).stream()
            .filter(
                r ->
                    r.key().equals("shop/Deployment/inventory")
                        || r.key().equals("shop/Deployment/billing"))
            .toList();
    assertThat(records).extracting(ConsumerRecord::key).contains("shop/Deployment/inventory");
    assertThat(records).extracting(ConsumerRecord::key).contains("shop/Deployment/billing");
    MetricBatch inventory =
        EventCodec.decode(
                records.stream()
                    .filter(r -> r.key().equals("shop/Deployment/inventory"))
                    .findFirst()
                    .orElseThrow()
                    .value(),
                EventTypes.METRIC_BATCH,
                MetricBatch.class)
            .data();
    assertThat(inventory.samples()).hasSize(2);
    assertThat(inventory.samples().get(1).revision()).isEqualTo("6c8d5");
    assertThat(inventory.samples().get(1).type()).isEqualTo(MetricType.COUNTER);
    assertThat(inventory.samples().get(1).value()).isEqualTo(42.0);
    assertThat(inventory.samples().get(1).labels()).containsOnlyKeys("pod");

    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "governor_ingest_samples_rejected_total{endpoint=\"remote_write\",reason=\"no_namespace\"}"))
        .body(
            containsString(
                "governor_ingest_requests_total{endpoint=\"remote_write\",outcome=\"accepted\"}"));
  }

  @Test
  void aRequestWithOnlyMetadataOrNothingMappedIsAnsweredAtOnce() {
    remoteWrite()
        .body(new WriteRequestBuilder().metadata("up", "Target is up.").snappy())
        .post("/api/v1/write")
        .then()
        .statusCode(204);
  }

  @Test
  void aBurstBeyondTheInFlightBoundIsTurnedAwayBeforeItIsDecoded() {
    // Given as many requests in flight as ingest takes
    byte[] notSnappy =
        new WriteRequestBuilder().series(new String[] {"__name__", "up"}, 1.0, 1L).bytes();
    List<InFlightLimit.Permit> held = new ArrayList<>();
    Optional<InFlightLimit.Permit> permit;
    while ((permit = limit.tryAcquireBytes(1)).isPresent()) {
      held.add(permit.get());
    }
    try {
      // When one more arrives, with a body that decoding would refuse with 400
      remoteWrite()
          .body(notSnappy)
          .post("/api/v1/write")
          .then()
          // Then it is turned away with 429 unread, and nothing of it stays in flight
          .statusCode(429)
          .header("Retry-After", equalTo("5"))
          .contentType("application/problem+json");
      assertThat(limit.requests()).isEqualTo(held.size());
    } finally {
      held.forEach(InFlightLimit.Permit::close);
    }
    // And once the others are done, a request is decoded again: a refused body, a released permit
    remoteWrite().body(notSnappy).post("/api/v1/write").then().statusCode(400);
    assertThat(limit.requests()).isZero();
    assertThat(limit.bytes()).isZero();
  }

  @Test
  void aBodyThatIsNotSnappyIsABadRequest() {
    remoteWrite()
        .body(new WriteRequestBuilder().series(new String[] {"__name__", "up"}, 1.0, 1L).bytes())
        .post("/api/v1/write")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("(body)"))
        .body("detail", containsString("snappy"));
  }

  @Test
  void aBodyThatIsNotAWriteRequestIsABadRequestNamingWhere() {
    byte[] request =
        new WriteRequestBuilder().series(new String[] {"__name__", "up"}, 1.0, 1L).bytes();
    byte[] truncated = Arrays.copyOf(request, request.length - 3);

    remoteWrite()
        .body(WriteRequestBuilder.compress(truncated))
        .post("/api/v1/write")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("timeseries[0]"))
        .body("detail", containsString("prometheus.WriteRequest"));
  }

  @Test
  void anUncompressedBodyOrRemoteWrite2IsUnsupportedNamingTheHeader() {
    given()
        .contentType("application/x-protobuf")
        .body(new WriteRequestBuilder().snappy())
        .post("/api/v1/write")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("Content-Encoding"));
    given()
        .contentType("application/x-protobuf")
        .header("Content-Encoding", "snappy")
        .header("X-Prometheus-Remote-Write-Version", "2.0.0")
        .body(new WriteRequestBuilder().snappy())
        .post("/api/v1/write")
        .then()
        .statusCode(415)
        .body("violations[0].field", equalTo("X-Prometheus-Remote-Write-Version"));
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/write")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }
}

package io.governor.ingest.remotewrite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.Topics;
import io.governor.ingest.Authorized;
import io.governor.testsupport.FreePorts;
import io.governor.testsupport.KafkaBroker;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.PrometheusProcess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka is away when Prometheus writes: ingest answers 503 with Retry-After, acknowledges nothing,
 * and Prometheus keeps the samples and sends them again; once a broker is there, the samples
 * scraped while it was away arrive.
 */
@QuarkusTest
@TestProfile(PrometheusRetryTest.LateBroker.class)
class PrometheusRetryTest {

  private static final String WORKLOAD = "shop/Deployment/late-checkout";
  private static final Pattern UNAVAILABLE =
      Pattern.compile(
          "governor_ingest_requests_total\\{endpoint=\"remote_write\",outcome=\"unavailable\"} ([0-9.]+)");

  /** Kafka at a port where no broker listens yet; fast failures; retry after one second. */
  public static class LateBroker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers", "127.0.0.1:" + latePort(),
          "mp.messaging.outgoing.metrics-out.max.block.ms", "1000",
          "mp.messaging.outgoing.metrics-out.delivery.timeout.ms", "2000",
          "mp.messaging.outgoing.metrics-out.request.timeout.ms", "1000",
          "governor.ingest.retry-after-seconds", "1");
    }
  }

  /** One port per JVM; a system property, as the profile and the test may not share a loader. */
  static synchronized int latePort() {
    String port = System.getProperty("governor.test.late-kafka-port");
    if (port == null) {
      port = Integer.toString(FreePorts.take());
      System.setProperty("governor.test.late-kafka-port", port);
    }
    return Integer.parseInt(port);
  }

  @TestHTTPResource("/api/v1/write")
  URL receiver;

  private ExpositionEndpoint pod;
  private PrometheusProcess prometheus;
  private KafkaBroker broker;

  @BeforeEach
  void start() throws Exception {
    PrometheusProcess.binary();
    pod = new ExpositionEndpoint("shop", "late-checkout", "6f7b8c9d1");
    Path dir = Files.createTempDirectory(Path.of("target"), "prometheus-retry-");
    prometheus =
        PrometheusProcess.start(
            PrometheusConfig.scrapingAndWriting(pod.target(), receiver, dir, Authorized.TOKEN),
            dir);
  }

  @AfterEach
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (pod != null) {
      pod.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void samplesRefusedWhileKafkaIsAwayArriveOnPrometheusRetries() {
    // Given Prometheus writing while no broker is there: ingest refuses with 503, several times
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> unavailableAnswers() >= 2);
    long firstServed = pod.served().get(0);

    // When a broker comes
    broker = KafkaBroker.start(latePort());
    broker.createTopics(List.of(Topics.METRICS), 1);

    // Then the very first scrape, refused before, arrives through Prometheus' retries
    try (KafkaTopicProbe kafka = new KafkaTopicProbe(broker)) {
      List<Double> values =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> valuesOf(kafka), v -> v.contains((double) firstServed));
      assertThat(values).as("Prometheus log:\n%s", prometheus.log()).isNotEmpty();
    }
    // Prometheus 2.42 retries a 5xx with its own backoff (it honours Retry-After on a 429 only)
    assertThat(prometheus.log()).contains("Failed to send batch, retrying", "HTTP status 503");
  }

  private static double unavailableAnswers() {
    Matcher matcher = UNAVAILABLE.matcher(given().get("/q/metrics").asString());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  private static List<Double> valuesOf(KafkaTopicProbe kafka) {
    return kafka.readAll(Topics.METRICS, Duration.ofSeconds(10)).stream()
        .filter(r -> WORKLOAD.equals(r.key()))
        .map(ConsumerRecord::value)
        .map(v -> EventCodec.decode(v, EventTypes.METRIC_BATCH, MetricBatch.class).data())
        .flatMap(b -> b.samples().stream())
        .map(MetricSample::value)
        .toList();
  }
}

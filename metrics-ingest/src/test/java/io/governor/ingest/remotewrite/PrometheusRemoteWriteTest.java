package io.governor.ingest.remotewrite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.Topics;
import io.governor.ingest.Authorized;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.PrometheusProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a pod's counter every second and remote-writes it to ingest with a
 * bearer token; the samples arrive on governor.metrics.v1 as the pod's workload and revision.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PrometheusRemoteWriteTest {

  private static final String HASH = "5d8f7c9b4";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @TestHTTPResource("/api/v1/write")
  URL receiver;

  private final String deployment = "checkout-" + UUID.randomUUID().toString().substring(0, 8);
  private ExpositionEndpoint pod;
  private PrometheusProcess prometheus;
  private KafkaTopicProbe kafka;

  @BeforeEach
  void start() throws Exception {
    PrometheusProcess.binary(); // fails with how to install it, before anything starts
    kafka = new KafkaTopicProbe(bootstrap);
    pod = new ExpositionEndpoint("shop", deployment, HASH);
    Path dir = Files.createTempDirectory(Path.of("target"), "prometheus-");
    prometheus =
        PrometheusProcess.start(
            PrometheusConfig.scrapingAndWriting(pod.target(), receiver, dir, Authorized.TOKEN),
            dir);
  }

  @AfterEach
  void stop() {
    // Prometheus first: it flushes to the receiver on shutdown.
    if (prometheus != null) {
      prometheus.close();
    }
    if (pod != null) {
      pod.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void scrapedSamplesArriveAsTheWorkloadsRevision() {
    String key = "shop/Deployment/" + deployment;

    List<MetricSample> samples =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> samplesOf(key), s -> s.size() >= 3);

    assertThat(samples)
        .as("Prometheus log:\n%s", prometheus.log())
        .allSatisfy(
            sample -> {
              assertThat(sample.name()).isEqualTo("http_requests_total");
              assertThat(sample.type()).isEqualTo(MetricType.COUNTER);
              assertThat(sample.revision()).isEqualTo(HASH);
              assertThat(sample.labels())
                  .containsEntry("pod", deployment + "-" + HASH + "-x7k2p")
                  .containsEntry("job", "checkout")
                  .containsEntry("instance", pod.target())
                  .doesNotContainKeys("namespace", "deployment", "pod_template_hash", "__name__");
            });
    List<Double> values = samples.stream().map(MetricSample::value).toList();
    assertThat(values).as("the counter as served, in order").isSorted().doesNotHaveDuplicates();
    assertThat(pod.served().stream().map(Long::doubleValue).toList()).containsAll(values);

    // Prometheus' own series (up, scrape_duration_seconds...) have no namespace: dropped, counted
    String metrics = given().get("/q/metrics").asString();
    assertThat(metrics)
        .contains(
            "governor_ingest_samples_rejected_total{endpoint=\"remote_write\",reason=\"no_namespace\"}")
        .contains("governor_ingest_requests_total{endpoint=\"remote_write\",outcome=\"accepted\"}")
        .contains("governor_ingest_samples_accepted_total{endpoint=\"remote_write\"}");
  }

  private List<MetricSample> samplesOf(String key) {
    return kafka.readAll(Topics.METRICS, Duration.ofSeconds(10)).stream()
        .filter(r -> key.equals(r.key()))
        .map(ConsumerRecord::value)
        .map(v -> EventCodec.decode(v, EventTypes.METRIC_BATCH, MetricBatch.class).data())
        .flatMap(b -> b.samples().stream())
        .toList();
  }
}

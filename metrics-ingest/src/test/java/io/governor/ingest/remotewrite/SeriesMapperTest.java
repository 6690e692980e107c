package io.governor.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.contracts.EventCodec;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a remote-write request becomes, from its bytes to the batches published. The expected
 * batches of the realistic request are in {@code golden/remote-write/batches.json}; run with {@code
 * -Dgovernor.golden.update=true} to rewrite it after a deliberate change, and read the diff.
 */
class SeriesMapperTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/remote-write/batches.json");
  private static final long T = 1_795_000_000_000L;
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  /** The defaults of {@code governor.ingest.remote-write.*}. */
  static final SeriesLabels DEFAULTS =
      new SeriesLabels(
          "namespace",
          List.of("deployment", "app_kubernetes_io_name", "app.kubernetes.io/name", "app"),
          "Deployment",
          List.of("pod_template_hash", "pod-template-hash", "version"));

  private final WriteRequestDecoder decoder = new WriteRequestDecoder(1 << 20);

  /** What a Prometheus scraping kube-state-metrics and annotated pods sends. */
  private static byte[] realisticRequest() {
    return new WriteRequestBuilder()
        // kube-state-metrics: the workload in `deployment`, no revision
        .series(
            new String[] {
              "__name__", "kube_deployment_status_replicas_available",
              "deployment", "checkout",
              "instance", "10.0.0.5:8080",
              "job", "kube-state-metrics",
              "namespace", "shop"
            },
            3.0,
            T)
        // an application pod, relabelled from Kubernetes service discovery
        .series(
            new String[] {
              "__name__", "http_requests_total",
              "app_kubernetes_io_name", "checkout",
              "job", "kubernetes-pods",
              "namespace", "shop",
              "pod", "checkout-7d9f8b6c5-abcde",
              "pod_template_hash", "7d9f8b6c5"
            },
            120.0,
            T,
            130.0,
            T + 15_000)
        // a histogram bucket of a pod labelled app/version
        .series(
            new String[] {
              "__name__", "http_request_duration_seconds_bucket",
              "app", "checkout",
              "le", "0.25",
              "namespace", "shop",
              "version", "1.1"
            },
            100.0,
            T)
        // another workload
        .series(
            new String[] {
              "__name__", "http_requests_total", "deployment", "cart", "namespace", "shop"
            },
            5.0,
            T)
        // Prometheus' own series: no namespace
        .series(
            new String[] {"__name__", "up", "instance", "localhost:9090", "job", "prom"}, 1.0, T)
        // a namespace but no workload
        .series(new String[] {"__name__", "node_load1", "namespace", "kube-system"}, 0.4, T)
        // a name Kubernetes would not accept
        .series(
            new String[] {"__name__", "up", "deployment", "Checkout_V2", "namespace", "shop"},
            1.0,
            T)
        // a pod gone: Prometheus' staleness marker; and a counter below zero
        .series(
            new String[] {
              "__name__", "http_requests_total",
              "deployment", "checkout",
              "namespace", "shop",
              "pod", "checkout-old"
            },
            STALE_NAN,
            T,
            -1.0,
            T + 1)
        .snappy();
  }

  @Test
  void aRealisticRequestBecomesOneBatchPerWorkloadAsTheGoldenFileSays() throws Exception {
    MappedSamples mapped = new SeriesMapper(DEFAULTS, 1000).map(decoder.decode(realisticRequest()));

    JsonNode actual = EventCodec.mapper().valueToTree(mapped.batches());
    if (Boolean.getBoolean("governor.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(
          GOLDEN,
          EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    assertThat(actual).isEqualTo(EventCodec.mapper().readTree(Files.readString(GOLDEN)));
    assertThat(mapped.accepted()).isEqualTo(5);
    assertThat(mapped.dropped())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                DropReason.NO_NAMESPACE, 1,
                DropReason.NO_WORKLOAD, 1,
                DropReason.INVALID_WORKLOAD, 1,
                DropReason.STALE_MARKER, 1,
                DropReason.INVALID_VALUE, 1));
  }

  @Test
  void aPodTemplateHashBecomesTheRevisionNumberTheDeploymentEventsName() {
    // Given a lookup that knows checkout's ReplicaSet 7d9f8b6c5 is revision 2
    RevisionNames revisions =
        (workload, hash) ->
            workload.name().equals("checkout") && hash.equals("7d9f8b6c5")
                ? java.util.Optional.of("2")
                : java.util.Optional.empty();

    // When the request is mapped
    MappedSamples mapped =
        new SeriesMapper(DEFAULTS, 1000, revisions).map(decoder.decode(realisticRequest()));

    // Then the hash is renamed; a version label is kept as it is
    MetricBatch checkout = mapped.batches().get(0);
    assertThat(checkout.samples().get(1).revision()).isEqualTo("2");
    assertThat(checkout.samples().get(3).revision()).isEqualTo("1.1");
  }

  @Test
  void theWorkloadAndRevisionLabelsLeaveTheSampleTheFirstPresentWins() {
    MappedSamples mapped = new SeriesMapper(DEFAULTS, 1000).map(decoder.decode(realisticRequest()));

    MetricBatch checkout = mapped.batches().get(0);
    assertThat(checkout.workload()).isEqualTo(WorkloadId.parse("shop/Deployment/checkout"));
    MetricSample requests = checkout.samples().get(1);
    assertThat(requests.revision()).isEqualTo("7d9f8b6c5");
    assertThat(requests.type()).isEqualTo(MetricType.COUNTER);
    assertThat(requests.timestamp()).isEqualTo(Instant.ofEpochMilli(T));
    assertThat(requests.labels())
        .containsOnlyKeys("job", "pod")
        .containsEntry("pod", "checkout-7d9f8b6c5-abcde");
    MetricSample bucket = checkout.samples().get(3);
    assertThat(bucket.type()).isEqualTo(MetricType.HISTOGRAM_BUCKET);
    assertThat(bucket.revision()).isEqualTo("1.1");
    assertThat(bucket.labels()).containsOnlyKeys("le");
    assertThat(checkout.samples().get(0).revision()).as("kube-state-metrics").isNull();
    assertThat(mapped.batches().get(1).workload())
        .isEqualTo(WorkloadId.parse("shop/Deployment/cart"));
  }

  @Test
  void otherLabelNamesAndKindCanBeConfigured() {
    SeriesLabels statefulSets =
        new SeriesLabels("kubernetes_namespace", List.of("statefulset"), "StatefulSet", List.of());
    byte[] body =
        new WriteRequestBuilder()
            .series(
                new String[] {
                  "__name__", "pg_up", "kubernetes_namespace", "data", "statefulset", "postgres"
                },
                1.0,
                T)
            .snappy();

    MappedSamples mapped = new SeriesMapper(statefulSets, 1000).map(decoder.decode(body));

    assertThat(mapped.batches()).hasSize(1);
    assertThat(mapped.batches().get(0).workload().key()).isEqualTo("data/StatefulSet/postgres");
    assertThat(mapped.batches().get(0).samples().get(0).type()).isEqualTo(MetricType.GAUGE);
  }

  @Test
  void aLargeGroupIsCutIntoBatchesInTheOrderSent() {
    WriteRequestBuilder request = new WriteRequestBuilder();
    for (int i = 0; i < 5; i++) {
      request.series(
          new String[] {
            "__name__", "http_requests_total", "deployment", "checkout", "namespace", "shop"
          },
          (double) i,
          T + i);
    }

    MappedSamples mapped = new SeriesMapper(DEFAULTS, 2).map(decoder.decode(request.snappy()));

    assertThat(mapped.batches()).hasSize(3);
    assertThat(mapped.batches().stream().map(b -> b.samples().size())).containsExactly(2, 2, 1);
    assertThat(mapped.batches().get(2).samples().get(0).value()).isEqualTo(4.0);
  }

  @Test
  void typesFollowPrometheusNamingConventions() {
    assertThat(MetricTypes.of("http_requests_total", Map.of())).isEqualTo(MetricType.COUNTER);
    assertThat(MetricTypes.of("rpc_duration_seconds_count", Map.of()))
        .isEqualTo(MetricType.COUNTER);
    assertThat(MetricTypes.of("rpc_duration_seconds_sum", Map.of())).isEqualTo(MetricType.COUNTER);
    assertThat(MetricTypes.of("rpc_duration_seconds_bucket", Map.of("le", "1")))
        .isEqualTo(MetricType.HISTOGRAM_BUCKET);
    assertThat(MetricTypes.of("odd_bucket", Map.of())).isEqualTo(MetricType.COUNTER);
    assertThat(MetricTypes.of("kube_deployment_spec_replicas", Map.of()))
        .isEqualTo(MetricType.GAUGE);
  }
}

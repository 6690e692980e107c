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
import java.util.Optional;
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
  void kubeStateMetricsSeriesOfPodsAndReplicaSetsGoToTheDeploymentThatOwnsTheReplicaSet() {
    // Given the watch knows checkout's ReplicaSets 7d9f8b6c5 (revision 2) and 5c4b3a291
    // (revision 1), and a ReplicaSet of no Deployment
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    Map<String, WorkloadLookup.Owner> known =
        Map.of(
            "shop/checkout-7d9f8b6c5", new WorkloadLookup.Owner(checkout, "2"),
            "shop/checkout-5c4b3a291", new WorkloadLookup.Owner(checkout, "1"));
    WorkloadLookup lookup =
        (namespace, name) -> Optional.ofNullable(known.get(namespace + "/" + name));
    // When kube-state-metrics' series arrive (scraped with honor_labels: true)
    byte[] body =
        new WriteRequestBuilder()
            .series(
                new String[] {
                  "__name__", "kube_pod_container_status_restarts_total",
                  "container", "checkout",
                  "instance", "10.0.0.5:8080",
                  "job", "kube-state-metrics",
                  "namespace", "shop",
                  "pod", "checkout-7d9f8b6c5-x2k9q",
                  "uid", "0b8e2c1a-6f1d-4c55-9a53-2f1a7c3b9e10"
                },
                4.0,
                T)
            .series(
                new String[] {
                  "__name__", "kube_pod_container_status_waiting_reason",
                  "container", "checkout",
                  "job", "kube-state-metrics",
                  "namespace", "shop",
                  "pod", "checkout-7d9f8b6c5-x2k9q",
                  "reason", "CrashLoopBackOff"
                },
                1.0,
                T)
            .series(
                new String[] {
                  "__name__", "kube_pod_status_ready",
                  "condition", "true",
                  "job", "kube-state-metrics",
                  "namespace", "shop",
                  "pod", "checkout-5c4b3a291-abcde"
                },
                1.0,
                T)
            .series(
                new String[] {
                  "__name__", "kube_replicaset_status_ready_replicas",
                  "job", "kube-state-metrics",
                  "namespace", "shop",
                  "replicaset", "checkout-7d9f8b6c5"
                },
                2.0,
                T)
            // a pod of a DaemonSet, and a ReplicaSet in another namespace: nothing the watch knows
            .series(
                new String[] {
                  "__name__", "kube_pod_status_ready",
                  "namespace", "kube-system",
                  "pod", "kube-proxy-8xk2p"
                },
                1.0,
                T)
            .series(
                new String[] {
                  "__name__", "kube_replicaset_status_ready_replicas",
                  "namespace", "other",
                  "replicaset", "checkout-7d9f8b6c5"
                },
                1.0,
                T)
            .snappy();

    MappedSamples mapped =
        new SeriesMapper(DEFAULTS, 1000, 512 * 1024, RevisionNames.NONE, lookup)
            .map(decoder.decode(body));

    // Then they are samples of checkout at the ReplicaSet's revision, the pod kept as a label
    assertThat(mapped.batches()).hasSize(1);
    MetricBatch batch = mapped.batches().get(0);
    assertThat(batch.workload()).isEqualTo(checkout);
    List<MetricSample> samples = batch.samples();
    assertThat(samples).extracting(MetricSample::revision).containsExactly("2", "2", "1", "2");
    MetricSample restarts = samples.get(0);
    assertThat(restarts.name()).isEqualTo("kube_pod_container_status_restarts_total");
    assertThat(restarts.type()).isEqualTo(MetricType.COUNTER);
    assertThat(restarts.labels())
        .containsEntry("pod", "checkout-7d9f8b6c5-x2k9q")
        .containsEntry("container", "checkout")
        .doesNotContainKey("namespace");
    assertThat(samples.get(1).labels()).containsEntry("reason", "CrashLoopBackOff");
    assertThat(samples.get(3).labels()).doesNotContainKeys("replicaset", "namespace");
    assertThat(mapped.accepted()).isEqualTo(4);
    // And what the watch does not know is dropped as before
    assertThat(mapped.dropped()).containsExactlyEntriesOf(Map.of(DropReason.NO_WORKLOAD, 2));
  }

  @Test
  void aWorkloadLabelStillWinsOverThePodsReplicaSet() {
    WorkloadLookup lookup =
        (namespace, name) ->
            Optional.of(
                new WorkloadLookup.Owner(WorkloadId.parse("shop/Deployment/elsewhere"), "9"));
    byte[] body =
        new WriteRequestBuilder()
            .series(
                new String[] {
                  "__name__", "http_requests_total",
                  "app", "checkout",
                  "namespace", "shop",
                  "pod", "checkout-7d9f8b6c5-x2k9q"
                },
                1.0,
                T)
            .snappy();

    MappedSamples mapped =
        new SeriesMapper(DEFAULTS, 1000, 512 * 1024, RevisionNames.NONE, lookup)
            .map(decoder.decode(body));

    assertThat(mapped.batches().get(0).workload().name()).isEqualTo("checkout");
    assertThat(mapped.batches().get(0).samples().get(0).revision()).isNull();
  }

  @Test
  void longLabelsCutAGroupIntoRecordsUnderTheByteLimit() {
    // Given 100 series of one workload with 4 KiB of labels each: 400 KiB, under 1000 samples
    assertCutUnderTheByteLimit("x".repeat(4096));
  }

  @Test
  void labelsJsonEscapesOrWritesInSeveralBytesStillFitUnderTheByteLimit() {
    // Given labels of quotes, control characters, accents and CJK: 1 to 6 bytes a character
    assertCutUnderTheByteLimit("\"\\\n\u0001é€中".repeat(600));
  }

  private void assertCutUnderTheByteLimit(String longValue) {
    int maxBatchBytes = 64 * 1024;
    WriteRequestBuilder request = new WriteRequestBuilder();
    for (int i = 0; i < 100; i++) {
      request.series(
          new String[] {
            "__name__", "http_requests_total",
            "deployment", "checkout",
            "namespace", "shop",
            "path", "/" + i + longValue
          },
          (double) i,
          T + i);
    }

    // When mapped with a limit of 64 KiB per record
    MappedSamples mapped =
        new SeriesMapper(DEFAULTS, 1000, maxBatchBytes, RevisionNames.NONE, WorkloadLookup.NONE)
            .map(decoder.decode(request.snappy()));

    // Then every record, as published, is under the limit, and no sample is lost or reordered
    assertThat(mapped.batches()).hasSizeGreaterThan(1);
    for (MetricBatch batch : mapped.batches()) {
      String record =
          EventCodec.encode(
              io.governor.contracts.CloudEvent.of(
                  io.governor.contracts.EventTypes.METRIC_BATCH,
                  "/metrics-ingest",
                  batch.workload(),
                  batch,
                  java.time.Clock.systemUTC()));
      assertThat(record.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(maxBatchBytes);
    }
    assertThat(mapped.batches().stream().flatMap(b -> b.samples().stream()))
        .extracting(MetricSample::value)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 100).mapToObj(i -> (double) i).toList());
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

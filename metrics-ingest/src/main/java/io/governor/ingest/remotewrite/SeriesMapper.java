package io.governor.ingest.remotewrite;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.contracts.EventCodec;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns remote-written series into {@link MetricBatch}es: each series is given a workload and a
 * revision by its labels ({@link SeriesLabels}), its samples are grouped per workload in the order
 * sent, and each group is cut into batches of at most {@code maxSamplesPerBatch} samples and about
 * {@code maxBatchBytes} bytes of JSON (a Kafka record has a size limit, 1 MB by default). A series
 * without a workload label is given the Deployment of its {@code replicaset} or {@code pod} label
 * when the {@link WorkloadLookup} knows that ReplicaSet (kube-state-metrics' series); otherwise it
 * is dropped and counted, not refused: Prometheus sends everything it scrapes, and a 4xx would make
 * it drop the whole request.
 */
public final class SeriesMapper {

  private static final String NAME = "__name__";
  // Prometheus marks a series gone with this particular NaN (value.StaleNaN).
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Labels whose value is a pod-template hash, renamed to the revision number when known. */
  private static final Set<String> HASH_LABELS = Set.of("pod_template_hash", "pod-template-hash");

  /** kube-state-metrics' labels naming a ReplicaSet, and a pod of one. */
  private static final String REPLICASET = "replicaset";

  private static final String POD = "pod";

  /** Room in a record for the CloudEvent envelope and the batch's workload. */
  static final int ENVELOPE_BYTES = 2048;

  /** Room per sample for a value and a time longer than the ones a series was measured with. */
  private static final int SAMPLE_SLACK_BYTES = 64;

  /**
   * What a sample with no labels, one-character strings, the value 0 and the epoch takes, less
   * those characters and its type, plus a comma between samples in the batch's array.
   */
  private static final int EMPTY_SAMPLE_BYTES = emptySampleBytes();

  /** The default of {@code governor.ingest.remote-write.max-batch-bytes}: 512 KiB. */
  public static final int DEFAULT_MAX_BATCH_BYTES = 512 * 1024;

  private final SeriesLabels labels;
  private final int maxSamplesPerBatch;
  private final int maxBatchBytes;
  private final RevisionNames revisions;
  private final WorkloadLookup workloads;

  public SeriesMapper(SeriesLabels labels, int maxSamplesPerBatch) {
    this(labels, maxSamplesPerBatch, RevisionNames.NONE);
  }

  public SeriesMapper(SeriesLabels labels, int maxSamplesPerBatch, RevisionNames revisions) {
    this(labels, maxSamplesPerBatch, DEFAULT_MAX_BATCH_BYTES, revisions, WorkloadLookup.NONE);
  }

  /**
   * @param maxBatchBytes most bytes of JSON a batch's record should have, envelope included
   * @param revisions turns a pod-template hash into the revision deployment events name
   * @param workloads gives a series without a workload label the Deployment of its ReplicaSet
   */
  public SeriesMapper(
      SeriesLabels labels,
      int maxSamplesPerBatch,
      int maxBatchBytes,
      RevisionNames revisions,
      WorkloadLookup workloads) {
    if (maxSamplesPerBatch < 1) {
      throw new IllegalArgumentException("maxSamplesPerBatch must be at least 1");
    }
    if (maxBatchBytes <= ENVELOPE_BYTES) {
      throw new IllegalArgumentException("maxBatchBytes must be more than " + ENVELOPE_BYTES);
    }
    this.labels = labels;
    this.maxSamplesPerBatch = maxSamplesPerBatch;
    this.maxBatchBytes = maxBatchBytes;
    this.revisions = revisions;
    this.workloads = workloads;
  }

  public MappedSamples map(List<RemoteSeries> request) {
    Map<WorkloadId, List<Sized>> byWorkload = new LinkedHashMap<>();
    Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
    int accepted = 0;
    for (RemoteSeries series : request) {
      Target target = target(series.labels());
      if (target.dropped() != null) {
        dropped.merge(target.dropped(), series.samples().size(), Integer::sum);
        continue;
      }
      int sampleBytes = -1;
      for (RemoteSeries.Sample sample : series.samples()) {
        DropReason invalid = invalid(sample.value(), target.type());
        if (invalid != null) {
          dropped.merge(invalid, 1, Integer::sum);
          continue;
        }
        MetricSample metricSample =
            new MetricSample(
                target.revision(),
                target.name(),
                target.type(),
                target.labels(),
                sample.value(),
                Instant.ofEpochMilli(sample.timestampMillis()));
        if (sampleBytes < 0) {
          // The samples of a series differ only in value and time: counted once per series.
          sampleBytes = encodedSizeAtMost(metricSample) + SAMPLE_SLACK_BYTES;
        }
        byWorkload
            .computeIfAbsent(target.workload(), w -> new ArrayList<>())
            .add(new Sized(metricSample, sampleBytes));
        accepted++;
      }
    }
    List<MetricBatch> batches = new ArrayList<>();
    byWorkload.forEach((workload, samples) -> cut(workload, samples, batches));
    return new MappedSamples(batches, accepted, dropped);
  }

  /** A sample and the bytes of JSON it takes at most in a record. */
  private record Sized(MetricSample sample, int bytes) {}

  /**
   * Cuts a workload's samples, in order, into batches within both the count and the size limit. A
   * single sample larger than the size limit makes a batch of its own; Kafka may refuse it.
   */
  private void cut(WorkloadId workload, List<Sized> samples, List<MetricBatch> batches) {
    List<MetricSample> batch = new ArrayList<>();
    long bytes = ENVELOPE_BYTES;
    for (Sized sized : samples) {
      if (!batch.isEmpty()
          && (batch.size() >= maxSamplesPerBatch || bytes + sized.bytes() > maxBatchBytes)) {
        batches.add(new MetricBatch(workload, batch));
        batch = new ArrayList<>();
        bytes = ENVELOPE_BYTES;
      }
      batch.add(sized.sample());
      bytes += sized.bytes();
    }
    if (!batch.isEmpty()) {
      batches.add(new MetricBatch(workload, batch));
    }
  }

  /**
   * The bytes a sample takes in a record at most, counted from its strings rather than written: a
   * sample is written once, when it is published. The rest is what a sample with empty strings, the
   * value 0 and the epoch takes.
   */
  private static int encodedSizeAtMost(MetricSample sample) {
    int size =
        EMPTY_SAMPLE_BYTES
            + sample.type().name().length()
            + jsonBytesAtMost(sample.revision() == null ? "" : sample.revision())
            + jsonBytesAtMost(sample.name());
    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
      // "key":"value" and a comma
      size += jsonBytesAtMost(label.getKey()) + jsonBytesAtMost(label.getValue()) + 6;
    }
    return size;
  }

  /** A string's bytes in JSON at most, quotes aside: UTF-8, a control character as six. */
  private static int jsonBytesAtMost(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        bytes += 6;
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int emptySampleBytes() {
    MetricSample empty = new MetricSample("r", "n", MetricType.GAUGE, Map.of(), 0, Instant.EPOCH);
    try {
      return EventCodec.mapper().writeValueAsBytes(empty).length
          - 2
          - MetricType.GAUGE.name().length()
          + 1;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a sample", e);
    }
  }

  /** Where a series' samples go, or why they go nowhere. */
  private record Target(
      WorkloadId workload,
      String revision,
      String name,
      MetricType type,
      Map<String, String> labels,
      DropReason dropped) {

    static Target drop(DropReason reason) {
      return new Target(null, null, null, null, null, reason);
    }
  }

  private Target target(Map<String, String> series) {
    String name = series.get(NAME);
    if (name == null || name.isEmpty()) {
      return Target.drop(DropReason.NO_NAME);
    }
    String namespace = series.get(labels.namespace());
    if (namespace == null || namespace.isEmpty()) {
      return Target.drop(DropReason.NO_NAMESPACE);
    }
    String workloadLabel = firstPresent(series, labels.workload());
    if (workloadLabel == null) {
      return byReplicaSet(series, name, namespace);
    }
    WorkloadId workload;
    try {
      workload = new WorkloadId(namespace, labels.kind(), series.get(workloadLabel));
    } catch (IllegalArgumentException e) {
      return Target.drop(DropReason.INVALID_WORKLOAD);
    }
    String revisionLabel = firstPresent(series, labels.revision());
    // The sample's labels say what the workload and revision do not (MetricSample's contract).
    Map<String, String> rest = new LinkedHashMap<>(series);
    rest.remove(NAME);
    rest.remove(labels.namespace());
    rest.remove(workloadLabel);
    if (revisionLabel != null) {
      rest.remove(revisionLabel);
    }
    String revision = revisionLabel == null ? null : series.get(revisionLabel);
    if (revision != null && HASH_LABELS.contains(revisionLabel)) {
      revision = revisions.byPodTemplateHash(workload, revision).orElse(revision);
    }
    return new Target(workload, revision, name, MetricTypes.of(name, rest), rest, null);
  }

  /**
   * A series kube-state-metrics wrote about a ReplicaSet ({@code replicaset}) or a pod ({@code
   * pod}, named {@code <replicaset>-<suffix>}): the Deployment that owns that ReplicaSet, at its
   * revision.
   */
  private Target byReplicaSet(Map<String, String> series, String name, String namespace) {
    for (String label : List.of(REPLICASET, POD)) {
      String value = series.get(label);
      if (value == null || value.isEmpty()) {
        continue;
      }
      Optional<String> replicaSet =
          REPLICASET.equals(label) ? Optional.of(value) : WorkloadLookup.replicaSetOfPod(value);
      Optional<WorkloadLookup.Owner> owner =
          replicaSet.flatMap(rs -> workloads.byReplicaSet(namespace, rs));
      if (owner.isPresent()) {
        Map<String, String> rest = new LinkedHashMap<>(series);
        rest.remove(NAME);
        rest.remove(labels.namespace());
        // The revision says which ReplicaSet; a pod stays a label, one series per pod.
        rest.remove(REPLICASET);
        return new Target(
            owner.get().workload(),
            owner.get().revision(),
            name,
            MetricTypes.of(name, rest),
            rest,
            null);
      }
    }
    return Target.drop(DropReason.NO_WORKLOAD);
  }

  private static String firstPresent(Map<String, String> series, List<String> candidates) {
    for (String label : candidates) {
      String value = series.get(label);
      if (value != null && !value.isEmpty()) {
        return label;
      }
    }
    return null;
  }

  private static DropReason invalid(double value, MetricType type) {
    if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
      return DropReason.STALE_MARKER;
    }
    if (!Double.isFinite(value) || (type != MetricType.GAUGE && value < 0)) {
      return DropReason.INVALID_VALUE;
    }
    return null;
  }
}

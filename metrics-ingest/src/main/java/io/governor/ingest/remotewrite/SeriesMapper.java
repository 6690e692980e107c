package io.governor.ingest.remotewrite;

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
import java.util.Set;

/**
 * Turns remote-written series into {@link MetricBatch}es: each series is given a workload and a
 * revision by its labels ({@link SeriesLabels}), its samples are grouped per workload in the order
 * sent, and each group is cut into batches of at most {@code maxSamplesPerBatch} (a Kafka record
 * has a size limit). A series without a workload is dropped and counted, not refused: Prometheus
 * sends everything it scrapes, and a 4xx would make it drop the whole request.
 */
public final class SeriesMapper {

  private static final String NAME = "__name__";
  // Prometheus marks a series gone with this particular NaN (value.StaleNaN).
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Labels whose value is a pod-template hash, renamed to the revision number when known. */
  private static final Set<String> HASH_LABELS = Set.of("pod_template_hash", "pod-template-hash");

  private final SeriesLabels labels;
  private final int maxSamplesPerBatch;
  private final RevisionNames revisions;

  public SeriesMapper(SeriesLabels labels, int maxSamplesPerBatch) {
    this(labels, maxSamplesPerBatch, RevisionNames.NONE);
  }

  /**
   * @param revisions turns a pod-template hash into the revision deployment events name
   */
  public SeriesMapper(SeriesLabels labels, int maxSamplesPerBatch, RevisionNames revisions) {
    if (maxSamplesPerBatch < 1) {
      throw new IllegalArgumentException("maxSamplesPerBatch must be at least 1");
    }
    this.labels = labels;
    this.maxSamplesPerBatch = maxSamplesPerBatch;
    this.revisions = revisions;
  }

  public MappedSamples map(List<RemoteSeries> request) {
    Map<WorkloadId, List<MetricSample>> byWorkload = new LinkedHashMap<>();
    Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
    int accepted = 0;
    for (RemoteSeries series : request) {
      Target target = target(series.labels());
      if (target.dropped() != null) {
        dropped.merge(target.dropped(), series.samples().size(), Integer::sum);
        continue;
      }
      for (RemoteSeries.Sample sample : series.samples()) {
        DropReason invalid = invalid(sample.value(), target.type());
        if (invalid != null) {
          dropped.merge(invalid, 1, Integer::sum);
          continue;
        }
        byWorkload
            .computeIfAbsent(target.workload(), w -> new ArrayList<>())
            .add(
                new MetricSample(
                    target.revision(),
                    target.name(),
                    target.type(),
                    target.labels(),
                    sample.value(),
                    Instant.ofEpochMilli(sample.timestampMillis())));
        accepted++;
      }
    }
    List<MetricBatch> batches = new ArrayList<>();
    byWorkload.forEach(
        (workload, samples) -> {
          for (int from = 0; from < samples.size(); from += maxSamplesPerBatch) {
            int to = Math.min(samples.size(), from + maxSamplesPerBatch);
            batches.add(new MetricBatch(workload, samples.subList(from, to)));
          }
        });
    return new MappedSamples(batches, accepted, dropped);
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
      return Target.drop(DropReason.NO_WORKLOAD);
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

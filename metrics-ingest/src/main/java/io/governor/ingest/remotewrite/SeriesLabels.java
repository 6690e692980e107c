package io.governor.ingest.remotewrite;

import java.util.List;
import java.util.Objects;

/**
 * Which labels of a series name its workload and revision. Lists are read in order: the first label
 * present with a value wins.
 *
 * @param namespace the label holding the namespace
 * @param workload labels that may hold the workload's name
 * @param kind the kind of every workload named this way, e.g. {@code Deployment}
 * @param revision labels that may hold the revision; a series without any has no revision
 */
public record SeriesLabels(
    String namespace, List<String> workload, String kind, List<String> revision) {

  public SeriesLabels {
    Objects.requireNonNull(namespace, "namespace label is missing");
    Objects.requireNonNull(kind, "workload kind is missing");
    if (workload == null || workload.isEmpty()) {
      throw new IllegalArgumentException("at least one workload label is needed");
    }
    workload = List.copyOf(workload);
    revision = revision == null ? List.of() : List.copyOf(revision);
  }
}

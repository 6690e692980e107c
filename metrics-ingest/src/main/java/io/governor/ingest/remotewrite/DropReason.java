package io.governor.ingest.remotewrite;

import java.util.Locale;

/** Why a remote-written sample was not published; the tag on the rejected-samples metric. */
public enum DropReason {
  /** The series has no {@code __name__}. */
  NO_NAME,
  /** The series has no namespace label. */
  NO_NAMESPACE,
  /** The series has none of the workload labels. */
  NO_WORKLOAD,
  /** The namespace, kind or name is not a valid Kubernetes one. */
  INVALID_WORKLOAD,
  /** Prometheus' staleness marker: the series disappeared; Governor's windows need no marker. */
  STALE_MARKER,
  /** A value the sample type does not allow: not finite, or a negative count. */
  INVALID_VALUE;

  /** The metric tag value, e.g. {@code no_workload}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

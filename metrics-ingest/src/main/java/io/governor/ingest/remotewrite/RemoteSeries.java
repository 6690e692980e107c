package io.governor.ingest.remotewrite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code prometheus.TimeSeries} of a remote-write request, as sent.
 *
 * @param labels every label, {@code __name__} included, in the order sent
 */
public record RemoteSeries(Map<String, String> labels, List<Sample> samples) {

  /** One {@code prometheus.Sample}: a value at a time in milliseconds since the epoch. */
  public record Sample(double value, long timestampMillis) {}

  public RemoteSeries {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    samples = List.copyOf(samples);
  }
}

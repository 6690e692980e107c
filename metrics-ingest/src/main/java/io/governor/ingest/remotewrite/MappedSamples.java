package io.governor.ingest.remotewrite;

import io.governor.contracts.MetricBatch;
import java.util.List;
import java.util.Map;

/**
 * What a remote-write request becomes: batches to publish, each of one workload, and what was left
 * out.
 *
 * @param accepted samples in the batches
 * @param dropped samples left out, by reason; only reasons that occurred
 */
public record MappedSamples(
    List<MetricBatch> batches, int accepted, Map<DropReason, Integer> dropped) {

  public MappedSamples {
    batches = List.copyOf(batches);
    dropped = Map.copyOf(dropped);
  }
}

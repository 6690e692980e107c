package io.governor.ingest.remotewrite;

import io.governor.contracts.WorkloadId;
import java.util.Optional;

/**
 * The revision number a workload's ReplicaSet with a pod-template hash has. Deployment events name
 * revisions by number ({@code deployment.kubernetes.io/revision}); Prometheus labels pods by hash,
 * so a sample must be renamed for the engine to judge it with its revision.
 */
@FunctionalInterface
public interface RevisionNames {

  /** Knows no hash: samples keep the hash as their revision. */
  RevisionNames NONE = (workload, hash) -> Optional.empty();

  /**
   * @return the revision number; empty when no ReplicaSet of the workload has that hash
   */
  Optional<String> byPodTemplateHash(WorkloadId workload, String hash);
}

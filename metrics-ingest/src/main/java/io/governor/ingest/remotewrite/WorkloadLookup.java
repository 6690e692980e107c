package io.governor.ingest.remotewrite;

import io.governor.contracts.WorkloadId;
import java.util.Optional;

/**
 * The workload and revision a ReplicaSet stands for, from the watch's cache. kube-state-metrics
 * names pods and ReplicaSets, not Deployments: {@code kube_pod_*} series carry {@code pod} ({@code
 * <deployment>-<hash>-<suffix>}) and {@code kube_replicaset_*} series carry {@code replicaset}
 * ({@code <deployment>-<hash>}), so such a series is given the Deployment that owns the ReplicaSet.
 */
@FunctionalInterface
public interface WorkloadLookup {

  /** Knows no ReplicaSet: series without a workload label are dropped. */
  WorkloadLookup NONE = (namespace, name) -> Optional.empty();

  /** A workload at one of its revisions (the number deployment events name). */
  record Owner(WorkloadId workload, String revision) {}

  /**
   * @return the Deployment that controls the ReplicaSet and the ReplicaSet's revision; empty when
   *     no such ReplicaSet is known
   */
  Optional<Owner> byReplicaSet(String namespace, String name);

  /**
   * The ReplicaSet a pod of a Deployment belongs to: {@code <deployment>-<hash>-<suffix>} without
   * its suffix; empty when the name has no dash.
   */
  static Optional<String> replicaSetOfPod(String pod) {
    int dash = pod.lastIndexOf('-');
    return dash <= 0 ? Optional.empty() : Optional.of(pod.substring(0, dash));
  }
}

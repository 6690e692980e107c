package io.governor.engine.policy;

import io.governor.contracts.WorkloadId;

/**
 * The workloads a policy applies to.
 *
 * @param kind the workload kind; {@code Deployment} when not given
 */
public record PolicyTarget(String namespace, String kind, String name) {

  public String effectiveKind() {
    return kind == null ? "Deployment" : kind;
  }

  public boolean matches(WorkloadId workload) {
    return workload.namespace().equals(namespace)
        && workload.kind().equals(effectiveKind())
        && workload.name().equals(name);
  }
}

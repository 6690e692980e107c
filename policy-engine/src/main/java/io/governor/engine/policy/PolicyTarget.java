package io.governor.engine.policy;

import io.governor.contracts.WorkloadId;
import java.util.Map;

/**
 * The workloads a policy applies to: in one namespace, by name, by labels, or both.
 *
 * @param kind the workload kind; {@code Deployment} when not given
 * @param name one workload; absent to select by labels alone
 * @param selector labels a workload must all carry ({@code matchLabels}); absent to select by name
 */
public record PolicyTarget(
    String namespace, String kind, String name, Map<String, String> selector) {

  /** A target by name. */
  public PolicyTarget(String namespace, String kind, String name) {
    this(namespace, kind, name, null);
  }

  public String effectiveKind() {
    return kind == null ? "Deployment" : kind;
  }

  /**
   * @param labels the workload's labels, as its deployment event carried them
   */
  public boolean matches(WorkloadId workload, Map<String, String> labels) {
    return workload.namespace().equals(namespace)
        && workload.kind().equals(effectiveKind())
        && (name == null || workload.name().equals(name))
        && (selector == null
            || selector.entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey()))));
  }
}

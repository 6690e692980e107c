package io.governor.actuator.decisions.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.WorkloadId;

/** Reads a workload the actuator changes, whatever its kind. */
public final class LiveWorkloads {

  private LiveWorkloads() {}

  /** The live object; {@code null} when it does not exist or is of a kind the actuator leaves. */
  public static HasMetadata read(KubernetesClient client, WorkloadId workload) {
    return switch (workload.kind()) {
      case "Deployment" ->
          client
              .apps()
              .deployments()
              .inNamespace(workload.namespace())
              .withName(workload.name())
              .get();
      case "StatefulSet" ->
          client
              .apps()
              .statefulSets()
              .inNamespace(workload.namespace())
              .withName(workload.name())
              .get();
      case "Service" ->
          client.services().inNamespace(workload.namespace()).withName(workload.name()).get();
      default -> null;
    };
  }
}

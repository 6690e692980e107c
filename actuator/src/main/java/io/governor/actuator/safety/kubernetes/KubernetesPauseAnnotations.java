package io.governor.actuator.safety.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.governor.actuator.decisions.kubernetes.ApiFailures;
import io.governor.actuator.decisions.kubernetes.LiveWorkloads;
import io.governor.actuator.safety.PauseAnnotations;
import io.governor.contracts.WorkloadId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code governor.io/paused} from the live workload and its Namespace. A workload or
 * namespace that does not exist carries no annotation; the action itself then says what is missing.
 */
@ApplicationScoped
public class KubernetesPauseAnnotations implements PauseAnnotations {

  private final KubernetesClient client;

  public KubernetesPauseAnnotations(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<String> pausedBy(WorkloadId workload) {
    try {
      HasMetadata live = LiveWorkloads.read(client, workload);
      if (live != null && paused(live)) {
        return Optional.of(
            "the " + workload.kind() + " " + workload.namespace() + "/" + workload.name());
      }
      Namespace namespace = client.namespaces().withName(workload.namespace()).get();
      if (namespace != null && paused(namespace)) {
        return Optional.of("the Namespace " + workload.namespace());
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      throw ApiFailures.unavailable("reading the pause annotation", e);
    }
  }

  private static boolean paused(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null && PauseAnnotations.pauses(annotations.get(ANNOTATION));
  }
}

package io.governor.actuator.decisions.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Opens the connections to the API server and Redis and loads the model's serialisers at start-up,
 * so the first rollback does not pay for them (about half a second) while a bad revision serves.
 */
@ApplicationScoped
public class ConnectionWarmUp {

  private static final Logger LOG = Logger.getLogger(ConnectionWarmUp.class);

  void onStart(@Observes StartupEvent event, KubernetesClient client, HandledDecisions handled) {
    try {
      client.apps().deployments().inNamespace("default").withName("governor-warm-up").get();
      client.apps().replicaSets().inNamespace("default").list();
      // The first serialisation of the large model classes is the slow part of a first rollback.
      client.getKubernetesSerialization().asJson(sampleDeployment());
      handled.find("warm-up");
    } catch (RuntimeException e) {
      // Not fatal: readiness reports a missing dependency; the first action will retry.
      LOG.warnf("warm-up failed: %s", e.getMessage());
    }
  }

  private static Deployment sampleDeployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("warm-up")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("warm-up")
        .withImage("warm-up")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}

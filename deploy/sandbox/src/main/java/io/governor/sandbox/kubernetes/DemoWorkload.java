package io.governor.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

/**
 * The demo's one workload: Deployment {@code shop/checkout}, which Governor watches and repairs.
 */
public final class DemoWorkload {

  public static final String NAMESPACE = "shop";
  public static final String NAME = "checkout";
  public static final String CONTAINER = "checkout";
  public static final String INITIAL_IMAGE = "ghcr.io/governor-demo/checkout:1.0";
  public static final String INITIAL_CHANGE_CAUSE = "deploy 1.0";
  public static final int REPLICAS = 3;

  private final KubernetesClient client;

  public DemoWorkload(KubernetesClient client) {
    this.client = client;
  }

  /** The Deployment as first applied, before any controller has touched it. */
  public static Deployment checkoutDeployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NAMESPACE)
        .withName(NAME)
        .addToLabels("app", NAME)
        .addToAnnotations(DeploymentAnnotations.CHANGE_CAUSE, INITIAL_CHANGE_CAUSE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(REPLICAS)
        .withNewSelector()
        .addToMatchLabels("app", NAME)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", NAME)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(INITIAL_IMAGE)
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * Creates the namespace and the Deployment on a fresh sandbox; the controller makes revision 1.
   */
  public Deployment seed() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    return client.resource(checkoutDeployment()).create();
  }

  /**
   * What {@code kubectl set image} plus {@code kubectl annotate kubernetes.io/change-cause} do: a
   * new pod template, hence a new revision once the controller sees it.
   */
  public Deployment deployImage(String image, String changeCause) {
    return deployment()
        .edit(
            deployment -> {
              deployment
                  .getMetadata()
                  .getAnnotations()
                  .put(DeploymentAnnotations.CHANGE_CAUSE, changeCause);
              deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                  .filter(container -> CONTAINER.equals(container.getName()))
                  .forEach(container -> container.setImage(image));
              return deployment;
            });
  }

  public RollableScalableResource<Deployment> deployment() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(NAME);
  }
}

package io.governor.actuator;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Objects as a real cluster would hold them, created in the mock API for a test. */
public final class TestCluster {

  private TestCluster() {}

  /** What a cluster shows after {@code kubectl set image} made revision 2 (image 1.1). */
  public static Deployment deployAtRevision2(
      KubernetesClient client, String namespace, String name, Map<String, String> annotations) {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .addToAnnotations("deployment.kubernetes.io/revision", "2")
                    .addToAnnotations("kubernetes.io/change-cause", "deploy 1.1")
                    .addToAnnotations(annotations)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(3)
                    .withNewSelector()
                    .addToMatchLabels("app", name)
                    .endSelector()
                    .withTemplate(template(Map.of("app", name), name, "1.1", null))
                    .endSpec()
                    .build())
            .create();
    replicaSet(client, deployment, "1", "1.0", "deploy 1.0");
    replicaSet(client, deployment, "2", "1.1", "deploy 1.1");
    return deployment;
  }

  public static Deployment deployAtRevision2(
      KubernetesClient client, String namespace, String name) {
    return deployAtRevision2(client, namespace, name, Map.of());
  }

  /** A Deployment of image 1.0 at {@code replicas}, as the scale tests start from. */
  public static Deployment deployment(
      KubernetesClient client, String namespace, String name, int replicas) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(Map.of("app", name), name, "1.0", null))
                .endSpec()
                .build())
        .create();
  }

  /** A StatefulSet of image 1.0 at {@code replicas}. */
  public static StatefulSet statefulSet(
      KubernetesClient client, String namespace, String name, int replicas) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(Map.of("app", name), name, "1.0", null))
                .endSpec()
                .build())
        .create();
  }

  /** The image of a Deployment's live pod template. */
  public static String image(KubernetesClient client, String namespace, String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /**
   * A Deployment whose pods carry {@code app=<app>} and {@code <label>=<version>}, all of them
   * available.
   */
  public static void versionedDeployment(
      KubernetesClient client,
      String namespace,
      String app,
      String label,
      String version,
      int replicas) {
    versionedDeployment(client, namespace, app, label, version, replicas, replicas);
  }

  /** As above, with {@code available} of its pods ready ({@code status.availableReplicas}). */
  public static void versionedDeployment(
      KubernetesClient client,
      String namespace,
      String app,
      String label,
      String version,
      int replicas,
      int available) {
    Map<String, String> labels = Map.of("app", app, label, version);
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(app + "-" + version)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector()
                    .addToMatchLabels(labels)
                    .endSelector()
                    .withTemplate(template(labels, app, version, null))
                    .endSpec()
                    .build())
            .create();
    created.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(available).build());
    client.apps().deployments().inNamespace(namespace).resource(created).updateStatus();
  }

  /** A Service selecting {@code app=<app>,<label>=<version>}. */
  public static void service(
      KubernetesClient client,
      String namespace,
      String app,
      String label,
      String version,
      Map<String, String> annotations) {
    client
        .services()
        .inNamespace(namespace)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(app)
                .withNamespace(namespace)
                .addToAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", app)
                .addToSelector(label, version)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  public static void namespace(
      KubernetesClient client, String name, Map<String, String> annotations) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(annotations)
                .endMetadata()
                .build())
        .create();
  }

  private static void replicaSet(
      KubernetesClient client, Deployment owner, String revision, String version, String cause) {
    String name = owner.getMetadata().getName();
    String hash = "h" + revision + Integer.toHexString(name.hashCode());
    client
        .apps()
        .replicaSets()
        .inNamespace(owner.getMetadata().getNamespace())
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name + "-" + hash)
                .withNamespace(owner.getMetadata().getNamespace())
                .addToAnnotations("deployment.kubernetes.io/revision", revision)
                .addToAnnotations("kubernetes.io/change-cause", cause)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(name)
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(revision.equals("2") ? 3 : 0)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .addToMatchLabels("pod-template-hash", hash)
                .endSelector()
                .withTemplate(template(Map.of("app", name), name, version, hash))
                .endSpec()
                .build())
        .create();
  }

  public static PodTemplateSpec template(
      Map<String, String> labels, String app, String version, String hash) {
    PodTemplateSpecBuilder template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withContainers(
                new ContainerBuilder()
                    .withName(app)
                    .withImage("ghcr.io/governor-demo/" + app + ":" + version)
                    .build())
            .endSpec();
    if (hash != null) {
      template.editMetadata().addToLabels(Map.of("pod-template-hash", hash)).endMetadata();
    }
    return template.build();
  }
}

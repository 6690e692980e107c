package io.governor.ingest.watch.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kube-controller-manager writes, done by hand: the mock API server has no controllers. Each
 * step writes what a real Deployment controller writes at that point of a rollout.
 */
final class Cluster {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  private final KubernetesClient client;

  Cluster(KubernetesClient client) {
    this.client = client;
  }

  /** {@code kubectl create deployment}, then the controller until revision 1 is complete. */
  Deployment create(
      String namespace, String name, String image, Map<String, String> labels, int replicas) {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .addToAnnotations(CHANGE_CAUSE, "create " + image)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build())
        .create();
    newReplicaSet(namespace, name, 1, replicas);
    return complete(namespace, name);
  }

  /**
   * {@code kubectl set image} with a change-cause, then the controller's first pass: revision N+1's
   * ReplicaSet with one pod, the Deployment's revision annotation and a progressing status.
   */
  Deployment rollOut(String namespace, String name, String image, String changeCause) {
    deployment(namespace, name)
        .edit(
            d -> {
              d.getMetadata().getAnnotations().put(CHANGE_CAUSE, changeCause);
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
              return d;
            });
    long revision =
        replicaSets(namespace, name).stream()
                .mapToLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations().get(REVISION)))
                .max()
                .orElse(0)
            + 1;
    newReplicaSet(namespace, name, revision, 1);
    Deployment deployment = annotateRevision(namespace, name, revision);
    int desired = deployment.getSpec().getReplicas();
    return status(namespace, name, desired + 1, 1, desired, progressing("ReplicaSetUpdated"));
  }

  /** The controller's last pass: old ReplicaSets at zero, every pod new and available. */
  Deployment complete(String namespace, String name) {
    Deployment deployment = deployment(namespace, name).get();
    long newest = newestRevision(namespace, name);
    int desired = deployment.getSpec().getReplicas();
    for (ReplicaSet rs : replicaSets(namespace, name)) {
      boolean isNew = revisionOf(rs) == newest;
      client
          .apps()
          .replicaSets()
          .inNamespace(namespace)
          .withName(rs.getMetadata().getName())
          .edit(
              r -> {
                r.getSpec().setReplicas(isNew ? desired : 0);
                return r;
              });
    }
    annotateRevision(namespace, name, newest);
    return status(
        namespace, name, desired, desired, desired, progressing("NewReplicaSetAvailable"));
  }

  /** The rollout made no progress for progressDeadlineSeconds. */
  Deployment exceedDeadline(String namespace, String name) {
    Deployment deployment = deployment(namespace, name).get();
    int desired = deployment.getSpec().getReplicas();
    DeploymentCondition deadline =
        new DeploymentConditionBuilder(progressing("ProgressDeadlineExceeded"))
            .withStatus("False")
            .build();
    return status(namespace, name, desired + 1, 1, desired, deadline);
  }

  /** Pods of a complete rollout stop being available (a node went away, a probe fails). */
  Deployment loseAvailability(String namespace, String name, int available) {
    return deployment(namespace, name)
        .editStatus(
            d -> {
              d.getStatus().setAvailableReplicas(available);
              d.getStatus().setReadyReplicas(available);
              return d;
            });
  }

  RollableScalableResource<Deployment> deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name);
  }

  private void newReplicaSet(String namespace, String name, long revision, int replicas) {
    Deployment deployment = deployment(namespace, name).get();
    String hash = Integer.toHexString(deployment.getSpec().getTemplate().hashCode());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(REVISION, Long.toString(revision));
    annotations.put(CHANGE_CAUSE, deployment.getMetadata().getAnnotations().get(CHANGE_CAUSE));
    client
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name + "-" + hash)
                .addToLabels("app", name)
                .addToLabels("pod-template-hash", hash)
                .withAnnotations(annotations)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(name)
                        .withUid(deployment.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .addToMatchLabels("pod-template-hash", hash)
                .endSelector()
                .withTemplate(deployment.getSpec().getTemplate())
                .endSpec()
                .build())
        .create();
  }

  private Deployment annotateRevision(String namespace, String name, long revision) {
    return deployment(namespace, name)
        .edit(
            d -> {
              d.getMetadata().getAnnotations().put(REVISION, Long.toString(revision));
              return d;
            });
  }

  private Deployment status(
      String namespace,
      String name,
      int replicas,
      int updated,
      int available,
      DeploymentCondition progressing) {
    return deployment(namespace, name)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(updated)
                      .withReadyReplicas(available)
                      .withAvailableReplicas(available)
                      .withConditions(progressing)
                      .build());
              return d;
            });
  }

  private List<ReplicaSet> replicaSets(String namespace, String name) {
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(owner -> name.equals(owner.getName())))
        .toList();
  }

  private long newestRevision(String namespace, String name) {
    return replicaSets(namespace, name).stream().mapToLong(Cluster::revisionOf).max().orElse(0);
  }

  private static long revisionOf(ReplicaSet rs) {
    return Long.parseLong(rs.getMetadata().getAnnotations().get(REVISION));
  }

  private static DeploymentCondition progressing(String reason) {
    String now = Instant.now().toString();
    return new DeploymentConditionBuilder()
        .withType("Progressing")
        .withStatus("True")
        .withReason(reason)
        .withLastUpdateTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private static PodTemplateSpec template(String name, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}

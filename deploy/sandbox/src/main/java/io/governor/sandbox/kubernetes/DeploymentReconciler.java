package io.governor.sandbox.kubernetes;

import static io.governor.sandbox.kubernetes.DeploymentAnnotations.CHANGE_CAUSE;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.REVISION;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.REVISION_HISTORY;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.annotation;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.revisionOf;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the deployment controller for one Deployment. Every write is guarded by a comparison
 * with the desired state, so a pass triggered by the controller's own writes changes nothing and
 * the informer goes quiet.
 */
final class DeploymentReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentReconciler.class);

  private final KubernetesClient client;

  DeploymentReconciler(KubernetesClient client) {
    this.client = client;
  }

  void reconcile(String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return; // Deleted meanwhile. The mock has no garbage collector; old ReplicaSets just stay.
    }
    List<ReplicaSet> owned = ownedReplicaSets(deployment);
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      syncPaused(deployment, owned);
      return;
    }
    ReplicaSet current = rollOut(deployment, owned);
    DeploymentStatus status =
        RolloutStatus.completed(
            deployment.getMetadata().getGeneration(),
            desiredReplicas(deployment),
            current.getMetadata().getName(),
            deployment.getStatus());
    syncDeployment(deployment, current, status);
  }

  private ReplicaSet rollOut(Deployment deployment, List<ReplicaSet> owned) {
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    long newestRevision =
        owned.stream().mapToLong(DeploymentAnnotations::revisionOf).max().orElse(0);
    ReplicaSet current =
        owned.stream()
            .filter(rs -> PodTemplateHash.sameTemplate(rs.getSpec().getTemplate(), template))
            .findFirst()
            .orElseGet(() -> create(deployment, newestRevision + 1));
    Map<String, String> annotations = new LinkedHashMap<>(changeCause(deployment));
    long revision = revisionOf(current);
    if (revision < newestRevision) {
      // A rollback: the old ReplicaSet becomes the newest revision, as on a real cluster.
      annotations.put(REVISION, String.valueOf(newestRevision + 1));
      annotations.put(REVISION_HISTORY, history(current, revision));
      LOG.info(
          "ReplicaSet {} goes from revision {} to {}", key(current), revision, newestRevision + 1);
    }
    ReplicaSet converged = converge(current, desiredReplicas(deployment), annotations);
    owned.stream()
        .filter(rs -> !rs.getMetadata().getName().equals(current.getMetadata().getName()))
        .forEach(old -> converge(old, 0, Map.of()));
    return converged;
  }

  private ReplicaSet create(Deployment deployment, long revision) {
    ReplicaSet created =
        client
            .resource(
                NewReplicaSet.of(
                    deployment, desiredReplicas(deployment), revision, changeCause(deployment)))
            .create();
    LOG.info("Created ReplicaSet {} at revision {}", key(created), revision);
    return created;
  }

  /**
   * Brings a ReplicaSet to the given size and annotations, and reports its pods as ready. Edits go
   * through the by-name resource so that each diff is taken against the server's latest copy.
   */
  private ReplicaSet converge(
      ReplicaSet replicaSet, int replicas, Map<String, String> annotations) {
    Resource<ReplicaSet> resource =
        client
            .apps()
            .replicaSets()
            .inNamespace(replicaSet.getMetadata().getNamespace())
            .withName(replicaSet.getMetadata().getName());
    ReplicaSet updated = replicaSet;
    boolean specStale =
        !Objects.equals(replicaSet.getSpec().getReplicas(), replicas)
            || !annotations.entrySet().stream()
                .allMatch(
                    e -> annotation(replicaSet, e.getKey()).equals(Optional.of(e.getValue())));
    if (specStale) {
      updated =
          resource.edit(
              rs -> {
                rs.getSpec().setReplicas(replicas);
                mutableAnnotations(rs).putAll(annotations);
                return rs;
              });
    }
    ReplicaSetStatus status =
        RolloutStatus.replicaSet(replicas, updated.getMetadata().getGeneration());
    if (!RolloutStatus.sameReplicaSetStatus(updated.getStatus(), status)) {
      updated =
          resource.editStatus(
              rs -> {
                rs.setStatus(status);
                return rs;
              });
    }
    return updated;
  }

  private void syncPaused(Deployment deployment, List<ReplicaSet> owned) {
    Optional<ReplicaSet> newest =
        owned.stream().max(Comparator.comparingLong(rs -> revisionOf(rs)));
    int running = owned.stream().mapToInt(DeploymentReconciler::replicasOf).sum();
    int updated =
        newest
            .filter(
                rs ->
                    PodTemplateHash.sameTemplate(
                        rs.getSpec().getTemplate(), deployment.getSpec().getTemplate()))
            .map(DeploymentReconciler::replicasOf)
            .orElse(0);
    DeploymentStatus status =
        RolloutStatus.paused(
            deployment.getMetadata().getGeneration(), running, updated, deployment.getStatus());
    syncDeployment(deployment, newest.orElse(null), status);
  }

  private void syncDeployment(Deployment deployment, ReplicaSet current, DeploymentStatus status) {
    Resource<Deployment> resource =
        client
            .apps()
            .deployments()
            .inNamespace(deployment.getMetadata().getNamespace())
            .withName(deployment.getMetadata().getName());
    Deployment updated = deployment;
    if (current != null) {
      String revision = String.valueOf(revisionOf(current));
      if (!annotation(deployment, REVISION).equals(Optional.of(revision))) {
        updated =
            resource.edit(
                d -> {
                  mutableAnnotations(d).put(REVISION, revision);
                  return d;
                });
      }
    }
    if (!RolloutStatus.sameDeploymentStatus(updated.getStatus(), status)) {
      resource.editStatus(
          d -> {
            d.setStatus(status);
            return d;
          });
    }
  }

  private List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    return client
        .apps()
        .replicaSets()
        .inNamespace(deployment.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(
                        o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid())))
        .toList();
  }

  private static Map<String, String> changeCause(Deployment deployment) {
    return annotation(deployment, CHANGE_CAUSE)
        .map(cause -> Map.of(CHANGE_CAUSE, cause))
        .orElse(Map.of());
  }

  private static String history(ReplicaSet replicaSet, long revision) {
    return annotation(replicaSet, REVISION_HISTORY)
        .map(previous -> previous + "," + revision)
        .orElse(String.valueOf(revision));
  }

  private static int desiredReplicas(Deployment deployment) {
    return Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
  }

  private static int replicasOf(ReplicaSet replicaSet) {
    return Optional.ofNullable(replicaSet.getSpec().getReplicas()).orElse(0);
  }

  private static Map<String, String> mutableAnnotations(HasMetadata resource) {
    if (resource.getMetadata().getAnnotations() == null) {
      resource.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    return resource.getMetadata().getAnnotations();
  }

  private static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}

package io.governor.sandbox.kubernetes;

import static io.governor.sandbox.kubernetes.DeploymentAnnotations.POD_TEMPLATE_HASH_LABEL;
import static io.governor.sandbox.kubernetes.DeploymentAnnotations.REVISION;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ReplicaSet a real controller creates for a new pod template: named and labelled with the
 * template hash (so its selector never overlaps an older revision's) and owned by the Deployment.
 */
final class NewReplicaSet {

  private NewReplicaSet() {}

  static ReplicaSet of(
      Deployment deployment, int replicas, long revision, Map<String, String> copiedAnnotations) {
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    String hash = PodTemplateHash.of(template);
    Map<String, String> labels = new LinkedHashMap<>();
    Optional.ofNullable(template.getMetadata())
        .map(ObjectMeta::getLabels)
        .ifPresent(labels::putAll);
    labels.put(POD_TEMPLATE_HASH_LABEL, hash);
    Map<String, String> annotations = new LinkedHashMap<>(copiedAnnotations);
    annotations.put(REVISION, String.valueOf(revision));
    LabelSelector selector =
        Optional.ofNullable(deployment.getSpec().getSelector())
            .map(LabelSelectorBuilder::new)
            .orElseGet(LabelSelectorBuilder::new)
            .addToMatchLabels(POD_TEMPLATE_HASH_LABEL, hash)
            .build();
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(deployment.getMetadata().getName() + "-" + hash)
        .withNamespace(deployment.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(controllerReference(deployment))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withSelector(selector)
        .withTemplate(
            new PodTemplateSpecBuilder(template)
                .editOrNewMetadata()
                .addToLabels(POD_TEMPLATE_HASH_LABEL, hash)
                .endMetadata()
                .build())
        .endSpec()
        .build();
  }

  private static OwnerReference controllerReference(Deployment deployment) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(deployment.getMetadata().getName())
        .withUid(deployment.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}

package io.governor.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** The well-known keys a real deployment controller reads and writes. */
public final class DeploymentAnnotations {

  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  public static final String POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

  private DeploymentAnnotations() {}

  /** The revision recorded on a Deployment or ReplicaSet; 0 when it has none yet. */
  public static long revisionOf(HasMetadata resource) {
    return annotation(resource, REVISION).map(Long::parseLong).orElse(0L);
  }

  static Optional<String> annotation(HasMetadata resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations).map(all -> all.get(key));
  }
}

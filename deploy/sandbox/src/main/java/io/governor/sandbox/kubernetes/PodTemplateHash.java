package io.governor.sandbox.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a pod template the way the real controller's {@code pod-template-hash} does: two
 * templates that differ only in that label are the same revision, which is what lets a rollback to
 * an old template reuse the old ReplicaSet.
 */
final class PodTemplateHash {

  // Sorted keys make the hash independent of label and annotation insertion order.
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private PodTemplateHash() {}

  static String of(PodTemplateSpec template) {
    JsonNode tree = CANONICAL.valueToTree(template);
    JsonNode labels = tree.path("metadata").path("labels");
    if (labels instanceof ObjectNode labelNode) {
      labelNode.remove(DeploymentAnnotations.POD_TEMPLATE_HASH_LABEL);
      if (labelNode.isEmpty()) {
        ((ObjectNode) tree.get("metadata")).remove("labels");
      }
    }
    try {
      byte[] canonicalJson = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(tree, Object.class));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson);
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot hash pod template", e);
    }
  }

  static boolean sameTemplate(PodTemplateSpec left, PodTemplateSpec right) {
    return of(left).equals(of(right));
  }
}

package io.governor.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one workload as {@code namespace/kind/name}; it is the Kafka key of every record, so
 * all events of one workload travel one partition in order.
 */
public record WorkloadId(String namespace, String kind, String name) {

  // DNS-1123: a namespace is a label, a name a subdomain, as Kubernetes accepts them.
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");

  public WorkloadId {
    require(namespace, NAMESPACE, "namespace");
    require(kind, KIND, "kind");
    require(name, NAME, "name");
  }

  /** Parses {@code namespace/kind/name}; throws {@link IllegalArgumentException} when malformed. */
  @JsonCreator
  public static WorkloadId parse(String key) {
    if (key == null) {
      throw new IllegalArgumentException("workload id is missing");
    }
    String[] parts = key.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "workload id '" + key + "' is not of the form namespace/kind/name");
    }
    return new WorkloadId(parts[0], parts[1], parts[2]);
  }

  /** The Kafka key: {@code namespace/kind/name}. */
  @JsonValue
  public String key() {
    return namespace + "/" + kind + "/" + name;
  }

  @Override
  public String toString() {
    return key();
  }

  private static void require(String value, Pattern pattern, String field) {
    Objects.requireNonNull(value, () -> field + " is missing");
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not a valid Kubernetes " + field);
    }
  }
}

package io.governor.actuator.safety;

import io.governor.contracts.WorkloadId;
import java.util.Optional;

/** Reads the pause annotation on a workload and on its namespace. */
public interface PauseAnnotations {

  /** {@code governor.io/paused: "true"} stops every action on what carries it. */
  String ANNOTATION = "governor.io/paused";

  /**
   * @return what carries the annotation ("the Namespace shop", "the Deployment shop/checkout"), if
   *     the workload or its namespace does
   * @throws RuntimeException when they cannot be read; the caller retries
   */
  Optional<String> pausedBy(WorkloadId workload);

  /** Whether an annotation value pauses: {@code "true"} in any case. */
  static boolean pauses(String value) {
    return value != null && "true".equalsIgnoreCase(value.trim());
  }
}

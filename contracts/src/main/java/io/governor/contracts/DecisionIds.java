package io.governor.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Derives a decision's id from its cause, so the same cause always yields the same id. */
public final class DecisionIds {

  private DecisionIds() {}

  /**
   * A name-based UUID of the cause.
   *
   * @param window what bounds the evidence, e.g. the revision's analysis start, or a tick
   */
  public static String of(
      DecisionType type, WorkloadId workload, String revision, String rule, String window) {
    String cause = String.join("|", type.name(), workload.key(), revision, rule, window);
    return UUID.nameUUIDFromBytes(cause.getBytes(StandardCharsets.UTF_8)).toString();
  }
}

package io.governor.engine.policy;

import java.util.List;
import java.util.Optional;

/** Where policies live; every instance of the engine reads the same store. */
public interface PolicyStore {

  Optional<StoredPolicy> get(String name);

  List<StoredPolicy> list();

  /**
   * Stores a new policy as version 1.
   *
   * @throws PolicyException {@code ALREADY_EXISTS} when the name is taken
   */
  StoredPolicy create(Policy policy, String actor);

  /**
   * Replaces a policy, making a new version.
   *
   * @param expectedVersion the version the editor read, or null to overwrite whatever is stored
   * @throws PolicyException {@code NOT_FOUND}, or {@code VERSION_CONFLICT} when another editor
   *     changed it since
   */
  StoredPolicy update(Policy policy, Long expectedVersion, String actor);

  /**
   * @param actor who deleted it, kept in the history
   * @return false when there was no such policy
   */
  boolean delete(String name, String actor);

  /** Every change of a policy, oldest first, including those of a deleted policy. */
  List<PolicyChange> history(String name);
}

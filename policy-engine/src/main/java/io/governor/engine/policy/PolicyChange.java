package io.governor.engine.policy;

import java.time.Instant;

/**
 * One change of a policy, kept for as long as the policy's history is.
 *
 * @param version the version the change made
 * @param operation {@code create}, {@code update} or {@code delete}
 * @param policy the policy as it was after the change; absent for a delete
 */
public record PolicyChange(
    long version, String operation, Instant changedAt, String changedBy, Policy policy) {}

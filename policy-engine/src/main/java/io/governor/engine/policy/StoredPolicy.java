package io.governor.engine.policy;

import java.time.Instant;

/**
 * A policy as stored, with its version: every change makes a new version.
 *
 * @param updatedBy who made the change, as the request said
 */
public record StoredPolicy(Policy policy, long version, Instant updatedAt, String updatedBy) {}

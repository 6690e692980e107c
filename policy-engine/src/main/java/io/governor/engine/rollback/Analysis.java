package io.governor.engine.rollback;

import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.StoredPolicy;
import java.time.Instant;

/**
 * The running judgement of one new revision under one policy.
 *
 * @param startedAt when the revision was observed
 */
record Analysis(
    WorkloadId workload,
    String revision,
    String previousRevision,
    StoredPolicy policy,
    Instant startedAt) {

  String policyName() {
    return policy.policy().name();
  }
}

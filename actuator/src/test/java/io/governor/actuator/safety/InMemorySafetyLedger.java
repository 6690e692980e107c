package io.governor.actuator.safety;

import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The ledger's semantics without Redis, for plain tests; the Redis one is tested on its own. */
public final class InMemorySafetyLedger implements SafetyLedger {

  private final Map<String, Applied> applied = new HashMap<>();
  private final Map<String, Instant> rollbacks = new HashMap<>();

  @Override
  public synchronized Optional<Applied> lastApplied(WorkloadId workload, DecisionType type) {
    return Optional.ofNullable(applied.get(type + ":" + workload));
  }

  @Override
  public synchronized void stampApplied(
      WorkloadId workload, DecisionType type, Applied stamp, Duration keepFor) {
    applied.put(type + ":" + workload, stamp);
  }

  @Override
  public synchronized Admission admitRollback(
      String decisionId, Instant now, Duration window, int max) {
    rollbacks.values().removeIf(at -> !at.isAfter(now.minus(window)));
    if (!rollbacks.containsKey(decisionId) && rollbacks.size() >= max) {
      return new Admission(false, rollbacks.size(), oldest());
    }
    rollbacks.putIfAbsent(decisionId, now);
    return new Admission(true, rollbacks.size(), oldest());
  }

  @Override
  public synchronized void withdrawRollback(String decisionId) {
    rollbacks.remove(decisionId);
  }

  public synchronized int rollbacksCounted() {
    return rollbacks.size();
  }

  private Instant oldest() {
    return rollbacks.values().stream().min(Instant::compareTo).orElseThrow();
  }
}

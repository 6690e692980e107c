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

  /** A cooldown stamp and when it expires, as the Redis key does. */
  private record Held(Applied applied, Instant until) {}

  private final Map<String, Held> applied = new HashMap<>();
  private final Map<String, Instant> rollbacks = new HashMap<>();

  @Override
  public synchronized Optional<Applied> lastApplied(WorkloadId workload, DecisionType type) {
    return Optional.ofNullable(applied.get(type + ":" + workload)).map(Held::applied);
  }

  @Override
  public synchronized void stampApplied(
      WorkloadId workload, DecisionType type, Applied stamp, Duration keepFor) {
    applied.put(type + ":" + workload, new Held(stamp, stamp.at().plus(keepFor)));
  }

  @Override
  public synchronized Reservation reserveCooldown(
      WorkloadId workload, DecisionType type, Applied stamp, Duration keepFor) {
    String key = type + ":" + workload;
    Held held = applied.get(key);
    if (held == null || !stamp.at().isBefore(held.until())) {
      applied.put(key, new Held(stamp, stamp.at().plus(keepFor)));
      return new Reservation(true, false, Optional.empty());
    }
    if (held.applied().decisionId().equals(stamp.decisionId())) {
      return new Reservation(true, true, Optional.empty());
    }
    return new Reservation(false, false, Optional.of(held.applied()));
  }

  @Override
  public synchronized void releaseCooldown(
      WorkloadId workload, DecisionType type, String decisionId) {
    applied.computeIfPresent(
        type + ":" + workload,
        (key, held) -> held.applied().decisionId().equals(decisionId) ? null : held);
  }

  @Override
  public synchronized Admission admitRollback(
      String decisionId, Instant now, Duration window, int max) {
    rollbacks.values().removeIf(at -> !at.isAfter(now.minus(window)));
    boolean counted = rollbacks.containsKey(decisionId);
    if (!counted && rollbacks.size() >= max) {
      return new Admission(false, rollbacks.size(), oldest());
    }
    rollbacks.putIfAbsent(decisionId, now);
    return new Admission(true, rollbacks.size(), oldest(), counted);
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

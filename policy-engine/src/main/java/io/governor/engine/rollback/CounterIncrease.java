package io.governor.engine.rollback;

import java.time.Instant;

/**
 * The increase of one cumulative counter series, as Prometheus' {@code increase()} counts it: a
 * drop in value is a process restart, after which the counter starts again from zero.
 *
 * <p>The series belongs to one new revision whose pods started at zero, so its first sample counts
 * in full.
 */
final class CounterIncrease {

  private double last;
  private double total;
  private Instant lastAt;
  private Instant firstIncreaseAt;

  /** Adds a sample; a sample not newer than the last one is a repeat or out of order: ignored. */
  void observe(double value, Instant at) {
    if (lastAt != null && !at.isAfter(lastAt)) {
      return;
    }
    double added = value >= last ? value - last : value;
    if (added > 0 && firstIncreaseAt == null) {
      firstIncreaseAt = at;
    }
    total += added;
    last = value;
    lastAt = at;
  }

  double total() {
    return total;
  }

  /** When the sample that first raised the count was taken; null while it has not risen. */
  Instant firstIncreaseAt() {
    return firstIncreaseAt;
  }
}

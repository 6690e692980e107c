package io.governor.engine.scaling;

import io.governor.engine.policy.ScalingPolicy.Behavior;
import io.governor.engine.policy.ScalingPolicy.RatePolicy;
import io.governor.engine.policy.ScalingPolicy.Rules;
import io.governor.engine.policy.ScalingPolicy.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The HPA's {@code behavior}, as its controller applies it: stabilisation over the recent
 * recommendations (the least of them going up, the most going down), then the rate policies
 * measured against the scale changes made within each policy's period.
 */
final class ReplicaBehavior {

  private record Recommendation(Instant at, int replicas) {}

  private record Change(Instant at, int replicas) {}

  private static final Duration KEEP = Duration.ofHours(1);

  private final Deque<Recommendation> recommendations = new ArrayDeque<>();
  private final Deque<Change> ups = new ArrayDeque<>();
  private final Deque<Change> downs = new ArrayDeque<>();

  /**
   * @param current the replicas the workload has now
   * @param desired what the inputs ask for, already within the bounds
   * @return what may be set now
   */
  int normalize(int current, int desired, int min, int max, Behavior behavior, Instant now) {
    forget(now);
    Rules up = behavior.scaleUp();
    Rules down = behavior.scaleDown();
    int upRecommendation = desired;
    int downRecommendation = desired;
    Instant upCutoff = now.minus(up.effectiveStabilizationWindow());
    Instant downCutoff = now.minus(down.effectiveStabilizationWindow());
    for (Recommendation earlier : recommendations) {
      if (earlier.at().isAfter(upCutoff)) {
        upRecommendation = Math.min(upRecommendation, earlier.replicas());
      }
      if (earlier.at().isAfter(downCutoff)) {
        downRecommendation = Math.max(downRecommendation, earlier.replicas());
      }
    }
    recommendations.addLast(new Recommendation(now, desired));
    int stabilized = current;
    if (stabilized < upRecommendation) {
      stabilized = upRecommendation;
    }
    if (stabilized > downRecommendation) {
      stabilized = downRecommendation;
    }
    int limited = stabilized;
    if (stabilized > current) {
      limited = Math.min(stabilized, Math.max(current, upLimit(current, up, now)));
    } else if (stabilized < current) {
      limited = Math.max(stabilized, Math.min(current, downLimit(current, down, now)));
    }
    return Math.max(min, Math.min(max, limited));
  }

  /** Records a change that was made, for the rate policies' periods. */
  void changed(int from, int to, Instant at) {
    if (to > from) {
      ups.addLast(new Change(at, to - from));
    } else if (to < from) {
      downs.addLast(new Change(at, from - to));
    }
  }

  private int upLimit(int current, Rules rules, Instant now) {
    if (rules.effectiveSelectPolicy() == SelectPolicy.DISABLED) {
      return current;
    }
    boolean max = rules.effectiveSelectPolicy() == SelectPolicy.MAX;
    int limit = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (RatePolicy policy : rules.effectivePolicies()) {
      Instant since = now.minus(policy.period());
      int periodStart = current - sum(ups, since) + sum(downs, since);
      int proposed =
          switch (policy.type()) {
            case PODS -> periodStart + policy.value();
            case PERCENT -> (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
          };
      limit = max ? Math.max(limit, proposed) : Math.min(limit, proposed);
    }
    return rules.effectivePolicies().isEmpty() ? Integer.MAX_VALUE : limit;
  }

  private int downLimit(int current, Rules rules, Instant now) {
    if (rules.effectiveSelectPolicy() == SelectPolicy.DISABLED) {
      return current;
    }
    boolean max = rules.effectiveSelectPolicy() == SelectPolicy.MAX;
    int limit = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (RatePolicy policy : rules.effectivePolicies()) {
      Instant since = now.minus(policy.period());
      int periodStart = current + sum(downs, since) - sum(ups, since);
      int proposed =
          switch (policy.type()) {
            case PODS -> periodStart - policy.value();
            case PERCENT -> (int) Math.floor(periodStart * (1 - policy.value() / 100.0));
          };
      // The policy allowing the biggest change is the one leaving the fewest replicas.
      limit = max ? Math.min(limit, proposed) : Math.max(limit, proposed);
    }
    return rules.effectivePolicies().isEmpty() ? Integer.MIN_VALUE : limit;
  }

  private static int sum(Deque<Change> changes, Instant since) {
    int total = 0;
    for (Change change : changes) {
      if (change.at().isAfter(since)) {
        total += change.replicas();
      }
    }
    return total;
  }

  private void forget(Instant now) {
    Instant cutoff = now.minus(KEEP);
    while (!recommendations.isEmpty() && recommendations.peekFirst().at().isBefore(cutoff)) {
      recommendations.removeFirst();
    }
    while (!ups.isEmpty() && ups.peekFirst().at().isBefore(cutoff)) {
      ups.removeFirst();
    }
    while (!downs.isEmpty() && downs.peekFirst().at().isBefore(cutoff)) {
      downs.removeFirst();
    }
  }
}

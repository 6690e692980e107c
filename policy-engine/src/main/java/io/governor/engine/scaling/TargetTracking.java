package io.governor.engine.scaling;

import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The HPA's rule for each metric ({@code ceil(current * value / target)}, nothing within the
 * tolerance) and the largest proposal over the metrics. A metric that is missing, or missing some
 * of its series (pods that stopped reporting), never lets the count go down, as in the HPA: the
 * others may only raise it.
 */
final class TargetTracking {

  private TargetTracking() {}

  /**
   * What one metric reads now.
   *
   * @param total the metric summed over its fresh series; NaN when missing
   * @param series how many series (pods) reported
   * @param partial whether some series that reported recently are missing now
   */
  record Reading(MetricTarget target, double total, int series, boolean partial) {

    boolean missing() {
      return Double.isNaN(total) || series == 0;
    }
  }

  /** A metric's proposal, for the evidence. */
  record MetricProposal(String metric, double value, double target, double ratio, int replicas) {}

  /**
   * @param proposal the count the metrics ask for; {@code current} when none can tell
   * @param missing metrics that have no value now, or miss some of their series
   */
  record Proposal(int proposal, List<MetricProposal> metrics, List<String> missing) {}

  static Proposal propose(int current, List<Reading> readings, double tolerance) {
    List<MetricProposal> proposals = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int best = Integer.MIN_VALUE;
    for (Reading reading : readings) {
      MetricTarget target = reading.target();
      if (reading.missing()) {
        missing.add(target.name());
        continue;
      }
      if (reading.partial()) {
        missing.add(target.name());
      }
      // Utilization averages over the pods that report, as the HPA's ready-pod count does.
      double value =
          switch (target.type()) {
            case UTILIZATION -> reading.total() / reading.series();
            case AVERAGE_VALUE -> reading.total() / Math.max(1, current);
            case VALUE -> reading.total();
          };
      double ratio = value / target.value();
      int replicas =
          Math.abs(ratio - 1) <= tolerance
              ? current
              : switch (target.type()) {
                case UTILIZATION -> (int) Math.ceil(ratio * reading.series());
                case AVERAGE_VALUE -> (int) Math.ceil(reading.total() / target.value());
                case VALUE -> (int) Math.ceil(ratio * Math.max(1, current));
              };
      proposals.add(new MetricProposal(target.name(), value, target.value(), ratio, replicas));
      best = Math.max(best, replicas);
    }
    if (best == Integer.MIN_VALUE) {
      return new Proposal(current, proposals, missing);
    }
    if (!missing.isEmpty() && best < current) {
      // Without every metric, or every pod of one, a scale-down could starve what is not seen.
      best = current;
    }
    return new Proposal(best, proposals, missing);
  }
}

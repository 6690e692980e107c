package io.governor.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTrackingTest {

  private static final MetricTarget CPU = new MetricTarget("cpu", TargetType.UTILIZATION, 70.0);
  private static final MetricTarget RPS = new MetricTarget("rps", TargetType.AVERAGE_VALUE, 50.0);
  private static final MetricTarget LAG = new MetricTarget("lag", TargetType.VALUE, 1000.0);

  @Test
  void eachTargetTypeFollowsTheHpaRule() {
    // 4 pods at 105% average CPU: ceil(4 * 105 / 70) = 6
    assertThat(propose(4, new TargetTracking.Reading(CPU, 420, 4, false)).proposal()).isEqualTo(6);
    // 430 requests per second over 50 per replica: ceil(8.6) = 9
    assertThat(propose(4, new TargetTracking.Reading(RPS, 430, 4, false)).proposal()).isEqualTo(9);
    // a lag of 2500 against 1000 at 3 replicas: ceil(3 * 2.5) = 8
    assertThat(propose(3, new TargetTracking.Reading(LAG, 2500, 1, false)).proposal()).isEqualTo(8);
  }

  @Test
  void withinTheToleranceNothingChanges() {
    // 75% against 70%: a ratio of 1.07, inside 0.1
    assertThat(propose(4, new TargetTracking.Reading(CPU, 300, 4, false)).proposal()).isEqualTo(4);
  }

  @Test
  void theLargestProposalWins() {
    TargetTracking.Proposal proposal =
        propose(
            4,
            new TargetTracking.Reading(CPU, 140, 4, false),
            new TargetTracking.Reading(RPS, 430, 4, false));

    assertThat(proposal.proposal()).isEqualTo(9);
    assertThat(proposal.metrics())
        .extracting(TargetTracking.MetricProposal::replicas)
        .containsExactly(2, 9);
  }

  @Test
  void aMissingMetricNeverLetsTheCountGoDown() {
    // Given CPU would shrink to 2 but the request rate does not report
    TargetTracking.Proposal proposal =
        propose(
            6,
            new TargetTracking.Reading(CPU, 120, 6, false),
            new TargetTracking.Reading(RPS, Double.NaN, 0, false));

    // Then the count is held, and the missing metric is named
    assertThat(proposal.proposal()).isEqualTo(6);
    assertThat(proposal.missing()).containsExactly("rps");
  }

  @Test
  void aMissingMetricDoesNotStopTheOthersRaisingIt() {
    TargetTracking.Proposal proposal =
        propose(
            4,
            new TargetTracking.Reading(CPU, 560, 4, false),
            new TargetTracking.Reading(RPS, Double.NaN, 0, false));

    assertThat(proposal.proposal()).isEqualTo(8);
  }

  @Test
  void podsThatStopReportingHoldTheCountButMayRaiseIt() {
    // Given CPU of the pods still reporting would shrink to 2, but some pods went silent
    assertThat(propose(6, new TargetTracking.Reading(CPU, 120, 3, true)).proposal()).isEqualTo(6);
    // And the ones reporting at 140% raise it: ceil(2 * 3) = 6 over 4
    assertThat(propose(4, new TargetTracking.Reading(CPU, 420, 3, true)).proposal()).isEqualTo(6);
  }

  private static TargetTracking.Proposal propose(int current, TargetTracking.Reading... readings) {
    return TargetTracking.propose(current, List.of(readings), 0.1);
  }
}

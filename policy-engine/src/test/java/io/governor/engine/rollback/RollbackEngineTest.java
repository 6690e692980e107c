package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.ErrorRateRule;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyMode;
import io.governor.engine.policy.PolicyTarget;
import io.governor.engine.policy.RollbackPolicy;
import io.governor.engine.policy.StoredPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackEngineTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final WorkloadId CHECKOUT = WorkloadId.parse("shop/Deployment/checkout");

  private final RollbackEngine engine =
      new RollbackEngine(Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));

  @Test
  void aRevisionAboveTheCeilingGetsExactlyOneRollbackDecision() {
    // Given an analysis of revision 2
    assertThat(engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE))))
        .isEmpty();

    // When its counters show 20% errors, and the decision is published
    List<Decision> first = engine.onMetrics(counters("2", 10, 200, 40));
    first.forEach(engine::confirm);
    List<Decision> again = engine.onMetrics(counters("2", 20, 400, 80));

    // Then one rollback to revision 1, with the evidence
    assertThat(first).hasSize(1);
    Decision decision = first.get(0);
    assertThat(decision.type()).isEqualTo(DecisionType.ROLLBACK);
    assertThat(decision.target().fromRevision()).isEqualTo("2");
    assertThat(decision.target().toRevision()).isEqualTo("1");
    assertThat(decision.policy()).isEqualTo("checkout-errors");
    assertThat(decision.policyVersion()).isEqualTo(4);
    assertThat(decision.dryRun()).isFalse();
    assertThat(decision.evidence())
        .singleElement()
        .satisfies(
            evidence -> {
              assertThat(evidence.rule()).isEqualTo("error-rate");
              assertThat(evidence.verdict()).isEqualTo("fail");
              assertThat(evidence.observed()).containsEntry("requests", 200.0);
              assertThat(evidence.observed()).containsEntry("errorRatio", 0.2);
              assertThat(evidence.thresholds()).containsEntry("maxRatio", 0.05);
            });
    assertThat(again).isEmpty();
    assertThat(engine.runningAnalyses()).isZero();
  }

  @Test
  void anUnpublishedDecisionIsReturnedAgainWithTheSameId() {
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    Decision first = engine.onMetrics(counters("2", 10, 200, 40)).get(0);

    // When publishing failed and the next event is judged
    List<Decision> retried = engine.onMetrics(counters("2", 11, 210, 42));

    // Then the same decision comes back, not a new one
    assertThat(retried).containsExactly(first);
  }

  @Test
  void aRevisionAnnouncedAgainIsNotJudgedAgain() {
    // Given revision 2 decided and published
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    engine.onMetrics(counters("2", 10, 200, 40)).forEach(engine::confirm);

    // When a CI retry announces revision 2 again, later
    DeploymentEvent again =
        new DeploymentEvent(
            CHECKOUT,
            DeploymentEventKind.NEW_REVISION,
            "2",
            "1",
            "ghcr.io/governor-demo/checkout:1.1",
            null,
            "webhook",
            T0.plusSeconds(60));
    List<Decision> decisions = engine.onDeployment(again, List.of(policy(PolicyMode.ENFORCE)));

    // Then no second decision, now or on later samples
    assertThat(decisions).isEmpty();
    assertThat(engine.onMetrics(counters("2", 70, 900, 300))).isEmpty();
    assertThat(engine.runningAnalyses()).isZero();
  }

  @Test
  void aRunningAnalysisAnnouncedAgainKeepsItsEvidence() {
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    engine.onMetrics(counters("2", 10, 40, 10));

    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    List<Decision> decisions = engine.onMetrics(counters("2", 20, 200, 50));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision.evidence().get(0).observed()).containsEntry("requests", 200.0));
  }

  @Test
  void samplesThatArriveBeforeTheDeploymentEventCount() {
    engine.onMetrics(counters("2", 10, 300, 90));

    List<Decision> decisions =
        engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));

    assertThat(decisions).hasSize(1);
  }

  @Test
  void theBaselineRevisionsErrorsDoNotCountAgainstTheNewOne() {
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));

    List<Decision> decisions = engine.onMetrics(counters("1", 10, 1000, 500));

    assertThat(decisions).isEmpty();
    assertThat(engine.runningAnalyses()).isEqualTo(1);
  }

  @Test
  void anotherInstanceJudgingTheSameEvidenceLaterYieldsTheSameDecisionId() {
    RollbackEngine other = new RollbackEngine(Clock.fixed(T0.plusSeconds(99), ZoneOffset.UTC));
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    DeploymentEvent seenLater =
        new DeploymentEvent(
            CHECKOUT,
            DeploymentEventKind.NEW_REVISION,
            "2",
            "1",
            "ghcr.io/governor-demo/checkout:1.1",
            null,
            "watch",
            T0.plusSeconds(5));
    other.onDeployment(seenLater, List.of(policy(PolicyMode.ENFORCE)));

    String id = engine.onMetrics(counters("2", 10, 200, 40)).get(0).id();
    String replayed = other.onMetrics(counters("2", 10, 200, 40)).get(0).id();

    assertThat(replayed).isEqualTo(id);
  }

  @Test
  void aDryRunPolicyDecidesButMarksTheDecisionDryRun() {
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.DRY_RUN)));

    List<Decision> decisions = engine.onMetrics(counters("2", 10, 200, 40));

    assertThat(decisions).singleElement().extracting(Decision::dryRun).isEqualTo(true);
  }

  @Test
  void aCounterResetIsCountedLikePrometheusIncrease() {
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    // 40 requests without errors, then the pod restarts and counts again from zero.
    engine.onMetrics(counters("2", 1, 40, 0));

    List<Decision> decisions = engine.onMetrics(counters("2", 2, 30, 30));

    // 70 requests, 30 errors: 43%, a clear failure; without the reset it would be 0 of 40.
    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision ->
                assertThat(decision.evidence().get(0).observed())
                    .containsEntry("requests", 70.0)
                    .containsEntry("errors", 30.0));
  }

  @Test
  void aRollbackIsTimedFromTheFirstSampleInWhichTheRevisionsErrorsRose() {
    // Given an analysis of revision 2, which serves without errors for 10 s
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));
    engine.onMetrics(counters("2", 5, 20, 0));
    engine.onMetrics(counters("2", 10, 40, 0));

    // When its errors start at 15 s and the rule fails on a later sample
    engine.onMetrics(counters("2", 15, 60, 3));
    List<Decision> decisions = engine.onMetrics(counters("2", 20, 300, 60));

    // Then the decision names the sample at 15 s as the first against the revision
    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.firstBadSampleAt()).isEqualTo(T0.plusSeconds(15));
              assertThat(decision.evidence().get(0).windowStart()).isEqualTo(T0.plusSeconds(5));
            });
  }

  @Test
  void aManualRollbackNamesNoBadSample() {
    // Given revision 2 under analysis
    engine.onDeployment(newRevision("2", "1"), List.of(policy(PolicyMode.ENFORCE)));

    // When a person rolls it back
    Decision decision = engine.rollBackNow(CHECKOUT, null, null, "ops", "looks wrong");

    // Then no sample is named, so the rollback does not count in the time from a bad sample
    assertThat(decision.firstBadSampleAt()).isNull();
  }

  private static DeploymentEvent newRevision(String revision, String previous) {
    return new DeploymentEvent(
        CHECKOUT,
        DeploymentEventKind.NEW_REVISION,
        revision,
        previous,
        "ghcr.io/governor-demo/checkout:1.1",
        null,
        "webhook",
        T0);
  }

  private static StoredPolicy policy(PolicyMode mode) {
    return new StoredPolicy(
        new Policy(
            "checkout-errors",
            new PolicyTarget("shop", "Deployment", "checkout"),
            mode,
            new RollbackPolicy(
                null,
                new ErrorRateRule(
                    "http_requests_total",
                    "http_request_errors_total",
                    0.05,
                    3.0,
                    1e-4,
                    50L,
                    false),
                null,
                null)),
        4,
        T0,
        "test");
  }

  private static MetricBatch counters(
      String revision, long secondsAfterStart, double requests, double errors) {
    Instant at = T0.plusSeconds(secondsAfterStart);
    Map<String, String> pod = Map.of("pod", "checkout-" + revision);
    return new MetricBatch(
        CHECKOUT,
        List.of(
            new MetricSample(
                revision, "http_requests_total", MetricType.COUNTER, pod, requests, at),
            new MetricSample(
                revision, "http_request_errors_total", MetricType.COUNTER, pod, errors, at)));
  }
}

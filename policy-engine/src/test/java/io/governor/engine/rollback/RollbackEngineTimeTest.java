package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.Decision;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.AnalysisSettings;
import io.governor.engine.policy.ErrorRateRule;
import io.governor.engine.policy.HealthRule;
import io.governor.engine.policy.NoDataRule;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyTarget;
import io.governor.engine.policy.RollbackPolicy;
import io.governor.engine.policy.StoredPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What time does to an analysis: it ends, it waits for the rollout, silence is an outcome. */
class RollbackEngineTimeTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final WorkloadId CART = WorkloadId.parse("shop/Deployment/cart");

  private final RollbackEngine engine = new RollbackEngine(Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void aSilentRevisionIsAnAlertByDefaultNeverASilentPass() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));

    assertThat(engine.onTick(T0.plus(Duration.ofSeconds(119)))).isEmpty();
    List<Decision> decisions = engine.onTick(T0.plus(Duration.ofMinutes(2)));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("no-data");
              assertThat(decision.dryRun()).as("an alert changes nothing").isTrue();
              assertThat(decision.evidence().get(0).verdict()).isEqualTo("no-data");
            });
  }

  @Test
  void aSilentRevisionIsRolledBackWhenThePolicySaysSo() {
    engine.onDeployment(
        event(DeploymentEventKind.NEW_REVISION, T0),
        List.of(policy(new NoDataRule(Duration.ofMinutes(2), NoDataRule.Consequence.ROLLBACK))));

    List<Decision> decisions = engine.onTick(T0.plus(Duration.ofMinutes(2)));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("no-data");
              assertThat(decision.dryRun()).isFalse();
            });
  }

  @Test
  void aGoodRevisionPassesAfterItsDurationAndIsNotJudgedAgain() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));
    for (int minute = 1; minute <= 30; minute++) {
      engine.onMetrics(counters(minute * 600, 0, T0.plus(Duration.ofMinutes(minute))));
    }

    engine.onTick(T0.plus(Duration.ofMinutes(30)));

    assertThat(engine.runningAnalyses()).isZero();
    assertThat(engine.onMetrics(counters(20_000, 19_000, T0.plus(Duration.ofMinutes(31)))))
        .isEmpty();
  }

  @Test
  void theWatchAfterPromotionKeepsTheAnalysisOpen() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));
    engine.onDeployment(
        event(DeploymentEventKind.ROLLOUT_COMPLETE, T0.plus(Duration.ofMinutes(25))),
        List.of(policy(null)));
    engine.onMetrics(counters(18_000, 0, T0.plus(Duration.ofMinutes(30))));

    engine.onTick(T0.plus(Duration.ofMinutes(31)));

    // Still watched 10 minutes after the rollout completed: a late regression is caught.
    assertThat(engine.runningAnalyses()).isEqualTo(1);
    assertThat(engine.onMetrics(counters(19_000, 400, T0.plus(Duration.ofMinutes(33)))))
        .singleElement()
        .extracting(Decision::rule)
        .isEqualTo("error-rate");
  }

  @Test
  void aSourceThatCannotScrapeTheRevisionIsItsOwnOutcome() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));
    // Prometheus reports its scrapes of the revision's pods failing.
    for (int seconds = 0; seconds <= 120; seconds += 15) {
      engine.onMetrics(
          new MetricBatch(
              CART,
              List.of(
                  new MetricSample(
                      "7", "up", MetricType.GAUGE, Map.of("pod", "a"), 0, T0.plusSeconds(seconds)),
                  new MetricSample(
                      "7",
                      "up",
                      MetricType.GAUGE,
                      Map.of("pod", "b"),
                      seconds < 30 ? 1 : 0,
                      T0.plusSeconds(seconds)))));
    }

    assertThat(engine.onTick(T0.plusSeconds(140))).isEmpty();
    List<Decision> decisions = engine.onTick(T0.plusSeconds(150));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("source-error");
              assertThat(decision.dryRun()).as("an alert by default").isTrue();
              assertThat(decision.reason()).contains("cannot be observed");
            });
  }

  @Test
  void anAnalysisThatNeverHadEnoughRequestsEndsInconclusiveNotPassed() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));
    for (int minute = 1; minute <= 30; minute++) {
      engine.onMetrics(counters(minute, 0, T0.plus(Duration.ofMinutes(minute))));
    }

    List<Decision> decisions = engine.onTick(T0.plus(Duration.ofMinutes(30)));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("inconclusive");
              assertThat(decision.dryRun()).isTrue();
            });
  }

  @Test
  void aDryRunRuleReportsAndTheOtherRulesGoOnJudging() {
    // Given a policy whose health rule is a dry run
    StoredPolicy policy =
        new StoredPolicy(
            new Policy(
                "cart-errors",
                new PolicyTarget("shop", null, "cart"),
                null,
                new RollbackPolicy(
                    null,
                    new ErrorRateRule("requests", "errors", 0.05, null, null, null, null),
                    null,
                    new HealthRule("restarts", 3L, true))),
            1,
            T0,
            "test");
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy));

    // When the pods restart: a dry-run decision, published and confirmed
    List<Decision> restarts =
        engine.onMetrics(
            new MetricBatch(
                CART,
                List.of(
                    new MetricSample(
                        "7", "restarts", MetricType.COUNTER, Map.of(), 3, T0.plusSeconds(60)))));
    assertThat(restarts).singleElement().extracting(Decision::dryRun).isEqualTo(true);
    restarts.forEach(engine::confirm);

    // Then errors later still roll the revision back
    List<Decision> errors = engine.onMetrics(counters(400, 100, T0.plusSeconds(120)));
    assertThat(errors)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("error-rate");
              assertThat(decision.dryRun()).isFalse();
            });
  }

  @Test
  void anExceededProgressDeadlineFailsTheRevision() {
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));

    List<Decision> decisions =
        engine.onDeployment(
            event(DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED, T0.plusSeconds(600)),
            List.of(policy(null)));

    assertThat(decisions)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.rule()).isEqualTo("health");
              assertThat(decision.reason()).contains("ProgressDeadlineExceeded");
              assertThat(decision.firstBadSampleAt()).isEqualTo(T0.plusSeconds(600));
            });
  }

  @Test
  void aSilentRevisionIsRolledBackWithoutABadSample() {
    // Given a new revision that sends nothing
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));

    // When the no-data wait is over
    List<Decision> decisions = engine.onTick(T0.plus(Duration.ofMinutes(2)));

    // Then it is rolled back, but the policy's wait is not timed as Governor's
    assertThat(decisions).singleElement().extracting(Decision::rule).isEqualTo("no-data");
    assertThat(decisions).singleElement().extracting(Decision::firstBadSampleAt).isNull();
  }

  @Test
  void analysesAreCountedAsAnalysingUntilTheRolloutCompletesThenAsWatching() {
    // Given an analysis of revision 7
    engine.onDeployment(event(DeploymentEventKind.NEW_REVISION, T0), List.of(policy(null)));
    assertThat(engine.runningAnalyses(false)).isEqualTo(1);
    assertThat(engine.runningAnalyses(true)).isZero();

    // When its rollout completes
    engine.onDeployment(
        event(DeploymentEventKind.ROLLOUT_COMPLETE, T0.plus(Duration.ofMinutes(5))),
        List.of(policy(null)));

    // Then it is in its post-promotion watch
    assertThat(engine.runningAnalyses(false)).isZero();
    assertThat(engine.runningAnalyses(true)).isEqualTo(1);
  }

  private static DeploymentEvent event(DeploymentEventKind kind, Instant at) {
    return new DeploymentEvent(
        CART,
        kind,
        "7",
        kind == DeploymentEventKind.NEW_REVISION ? "6" : null,
        null,
        null,
        "test",
        at);
  }

  private static StoredPolicy policy(NoDataRule noData) {
    return new StoredPolicy(
        new Policy(
            "cart-errors",
            new PolicyTarget("shop", null, "cart"),
            null,
            new RollbackPolicy(
                new AnalysisSettings(Duration.ofMinutes(30), Duration.ofMinutes(10), noData),
                new ErrorRateRule("requests", "errors", 0.05, null, null, null, null),
                null,
                null)),
        1,
        T0,
        "test");
  }

  private static MetricBatch counters(double requests, double errors, Instant at) {
    return new MetricBatch(
        CART,
        List.of(
            new MetricSample("7", "requests", MetricType.COUNTER, Map.of(), requests, at),
            new MetricSample("7", "errors", MetricType.COUNTER, Map.of(), errors, at)));
  }
}

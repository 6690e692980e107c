package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.engine.policy.HealthRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final HealthRule RULE =
      new HealthRule(
          "restarts", 3L, "waiting", "ready", "desired", 0.8, Duration.ofMinutes(5), null);

  private final RevisionCounters revision = new RevisionCounters();
  private final RevisionCounters baseline = new RevisionCounters();
  private final HealthCheck check = new HealthCheck(RULE);

  @Test
  void aCrashLoopFailsAtItsThirdRestart() {
    sample("restarts", MetricType.COUNTER, 2, 30);
    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);

    sample("restarts", MetricType.COUNTER, 3, 60);
    Judgement judgement = check.judge(revision, baseline);

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.summary()).contains("3 crashes");
    assertThat(judgement.firstBadSampleAt())
        .as("the first sample in which restarts rose")
        .isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aContainerBackingOffAfterItsSecondRestartIsItsThirdCrash() {
    // Given a container that crashed, restarted, crashed, restarted and waits again
    sample("restarts", MetricType.COUNTER, 0, 0);
    backOff(1, 2);
    sample("restarts", MetricType.COUNTER, 1, 12);
    backOff(0, 12);
    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    sample("restarts", MetricType.COUNTER, 2, 34);
    backOff(1, 36);

    // When it is judged before the kubelet's 40 s back-off restarts it a third time
    Judgement judgement = check.judge(revision, baseline);

    // Then the crash loop is reported now, with what was seen
    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.observed())
        .containsEntry("restarts", 2.0)
        .containsEntry("containersInCrashLoopBackOff", 1.0);
    assertThat(judgement.summary()).contains("1 waiting in CrashLoopBackOff");
    assertThat(judgement.firstBadSampleAt())
        .as("the first wait in CrashLoopBackOff came before the first restart")
        .isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void otherWaitingReasonsAreNotCrashes() {
    sample("restarts", MetricType.COUNTER, 0, 0);
    sample("restarts", MetricType.COUNTER, 2, 30);
    revision.observe(
        new MetricSample(
            "2",
            "waiting",
            MetricType.GAUGE,
            Map.of("reason", "ContainerCreating"),
            1,
            T0.plusSeconds(30)));

    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void tooFewReadyReplicasForFiveMinutesFail() {
    readiness(1, 4, 0);
    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    readiness(1, 4, 240);
    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);

    readiness(2, 4, 300);
    Judgement judgement = check.judge(revision, baseline);

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.observed()).containsEntry("readyRatio", 0.5);
    assertThat(judgement.firstBadSampleAt())
        .as("when the ready replicas first fell below the ratio")
        .isEqualTo(T0);
  }

  @Test
  void aRolloutThatCatchesUpIsNotFailed() {
    readiness(1, 4, 0);
    check.judge(revision, baseline);
    readiness(4, 4, 200);
    check.judge(revision, baseline);
    readiness(3, 4, 320);

    assertThat(check.judge(revision, baseline).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  private void backOff(double waiting, long seconds) {
    revision.observe(
        new MetricSample(
            "2",
            "waiting",
            MetricType.GAUGE,
            Map.of("reason", "CrashLoopBackOff", "container", "app"),
            waiting,
            T0.plusSeconds(seconds)));
  }

  private void readiness(double ready, double desired, long seconds) {
    sample("ready", MetricType.GAUGE, ready, seconds);
    sample("desired", MetricType.GAUGE, desired, seconds);
  }

  private void sample(String name, MetricType type, double value, long seconds) {
    revision.observe(new MetricSample("2", name, type, Map.of(), value, T0.plusSeconds(seconds)));
  }
}

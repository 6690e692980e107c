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
      new HealthRule("restarts", 3L, "ready", "desired", 0.8, Duration.ofMinutes(5), null);

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
    assertThat(judgement.summary()).contains("3 container restarts");
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

  private void readiness(double ready, double desired, long seconds) {
    sample("ready", MetricType.GAUGE, ready, seconds);
    sample("desired", MetricType.GAUGE, desired, seconds);
  }

  private void sample(String name, MetricType type, double value, long seconds) {
    revision.observe(new MetricSample("2", name, type, Map.of(), value, T0.plusSeconds(seconds)));
  }
}

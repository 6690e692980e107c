package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.governor.engine.policy.ErrorRateRule;
import org.junit.jupiter.api.Test;

class ErrorRateJudgeTest {

  private static final ErrorRateRule FIVE_PERCENT =
      new ErrorRateRule("http_requests_total", "http_request_errors_total", 0.05, 50L, 0.99, null);

  @Test
  void noVerdictBeforeTheMinimumSampleEvenWhenEverythingFails() {
    Judgement judgement = ErrorRateJudge.judge(FIVE_PERCENT, 49, 49);

    assertThat(judgement.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(judgement.summary()).contains("49 of 50 requests");
  }

  @Test
  void aClearlyHighErrorRatioFailsWithItsNumbers() {
    Judgement judgement = ErrorRateJudge.judge(FIVE_PERCENT, 200, 40);

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.observed())
        .containsEntry("requests", 200.0)
        .containsEntry("errors", 40.0)
        .containsEntry("errorRatio", 0.2);
    assertThat(judgement.observed().get("lowerBound")).isGreaterThan(0.05);
    assertThat(judgement.thresholds()).containsEntry("maxRatio", 0.05);
  }

  @Test
  void aRatioJustAboveTheCeilingOnASmallSampleIsNotEnough() {
    // 4 of 50 is 8%, above 5%, but far from certain.
    Judgement judgement = ErrorRateJudge.judge(FIVE_PERCENT, 50, 4);

    assertThat(judgement.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void aHealthyRevisionPassesOnceTheEvidenceSuffices() {
    Judgement judgement = ErrorRateJudge.judge(FIVE_PERCENT, 2000, 10);

    assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void theZScoreMatchesTheNormalTable() {
    assertThat(NormalQuantile.of(0.99)).isCloseTo(2.3263, within(1e-4));
    assertThat(NormalQuantile.of(0.95)).isCloseTo(1.6449, within(1e-4));
    assertThat(NormalQuantile.of(0.5)).isCloseTo(0.0, within(1e-9));
    assertThat(NormalQuantile.of(0.001)).isCloseTo(-3.0902, within(1e-4));
  }
}

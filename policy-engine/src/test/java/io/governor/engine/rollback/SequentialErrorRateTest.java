package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.engine.policy.ErrorRateRule;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequentialErrorRateTest {

  private static final ErrorRateRule RULE =
      new ErrorRateRule(
          "http_requests_total", "http_request_errors_total", 0.05, 3.0, 1e-4, 50L, null);

  @Test
  void noVerdictBeforeTheMinimumSampleEvenWhenEverythingFails() {
    SequentialErrorRate test = new SequentialErrorRate(RULE);

    Judgement judgement = test.update(49, 49, 0, 0);

    assertThat(judgement.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(judgement.summary()).contains("49 of 50 requests");
  }

  @Test
  void aRatioFarAboveTheCeilingFailsWithItsNumbers() {
    SequentialErrorRate test = new SequentialErrorRate(RULE);

    Judgement judgement = test.update(200, 40, 0, 0);

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.summary()).contains("above the 5.00% ceiling");
    assertThat(judgement.observed())
        .containsEntry("requests", 200.0)
        .containsEntry("errors", 40.0)
        .containsEntry("errorRatio", 0.2);
    assertThat(judgement.observed().get("ceilingLogLikelihoodRatio"))
        .isGreaterThanOrEqualTo(judgement.thresholds().get("failAtLogLikelihoodRatio"));
  }

  @Test
  void threeTimesTheBaselinesErrorsFailsBelowTheCeiling() {
    // Given both revisions serving 10 requests a second, the baseline failing 1%, the new 3%
    SequentialErrorRate test = new SequentialErrorRate(RULE);
    Random random = new Random(3);
    double n = 0, x = 0, m = 0, y = 0;
    Judgement judgement = null;
    int seconds = 0;
    while (seconds < 1800) {
      seconds += 10;
      for (int i = 0; i < 100; i++) {
        n++;
        m++;
        x += random.nextDouble() < 0.03 ? 1 : 0;
        y += random.nextDouble() < 0.01 ? 1 : 0;
      }
      judgement = test.update(n, x, m, y);
      if (judgement.verdict() == Verdict.FAIL) {
        break;
      }
    }

    // Then it fails on the baseline comparison, within minutes
    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.summary()).contains("times the baseline's");
    assertThat(seconds).isLessThan(900);
  }

  @Test
  void aRevisionAsGoodAsItsBaselineIsNeverFailed() {
    Random random = new Random(7);
    for (int run = 0; run < 200; run++) {
      SequentialErrorRate test = new SequentialErrorRate(RULE);
      double n = 0, x = 0, m = 0, y = 0;
      for (int step = 0; step < 180; step++) {
        for (int i = 0; i < 100; i++) {
          n++;
          m++;
          x += random.nextDouble() < 0.01 ? 1 : 0;
          y += random.nextDouble() < 0.01 ? 1 : 0;
        }
        assertThat(test.update(n, x, m, y).verdict())
            .as("run %d step %d", run, step)
            .isNotEqualTo(Verdict.FAIL);
      }
    }
  }

  @Test
  void earlyGoodEvidenceDoesNotHideALaterRegression() {
    SequentialErrorRate test = new SequentialErrorRate(RULE);
    // An hour of clean traffic drives the ceiling test to its floor, not below it.
    test.update(36_000, 36, 0, 0);

    Judgement judgement = test.update(36_300, 36 + 60, 0, 0);

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
  }
}

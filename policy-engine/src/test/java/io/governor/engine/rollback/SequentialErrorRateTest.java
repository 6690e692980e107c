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
  void aBaselineFirstSeenAfterTheStartCountsOnlyACappedPast() {
    // Given a baseline whose counters, first seen now, hold 5 million requests at 0.5% errors
    SequentialErrorRate test = new SequentialErrorRate(RULE);

    // When both revisions then serve 200,000 requests at 1% errors
    test.update(0, 0, 5_000_000, 25_000);
    Judgement judgement = test.update(200_000, 2_000, 5_200_000, 27_000);

    // Then the new revision is not failed for the baseline's old, better days
    assertThat(judgement.verdict()).isNotEqualTo(Verdict.FAIL);
    assertThat(judgement.observed().get("baselineRequests"))
        .isLessThanOrEqualTo(SequentialErrorRate.HISTORY_CAP + 200_000);
  }

  @Test
  void onceTheBaselineStopsServingItIsNoLongerComparedWith() {
    // Given both revisions alike while the baseline still served
    SequentialErrorRate test =
        new SequentialErrorRate(
            new ErrorRateRule("r", "e", 0.5, 3.0, 1e-3, 50L, null), 10_000, 100);
    test.update(1_000, 10, 11_000, 110);

    // When the rollout completes, the baseline stops, and a shared outage raises errors to 5%
    Judgement judgement = test.update(5_000, 210, 11_000, 110);

    // Then the comparison does not blame the revision for what the baseline never saw
    assertThat(judgement.verdict()).isNotEqualTo(Verdict.FAIL);
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

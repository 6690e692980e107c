package io.governor.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.engine.policy.LatencyRule;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyCheckTest {

  private static final double[] BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY
  };
  private static final LatencyRule RULE =
      new LatencyRule("http_request_duration_seconds_bucket", 0.99, null, null, null, null, null);

  @Test
  void theQuantileIsInterpolatedWithinItsBucketAsPrometheusDoes() {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.1, 50.0);
    buckets.put(0.2, 90.0);
    buckets.put(Double.POSITIVE_INFINITY, 100.0);

    // Rank 75 lies 25 of 40 into the bucket (0.1, 0.2].
    assertThat(HistogramQuantile.of(0.75, buckets)).isCloseTo(0.1625, within(1e-9));
    // A rank in the +Inf bucket gives the largest finite bound.
    assertThat(HistogramQuantile.of(0.99, buckets)).isEqualTo(0.2);
  }

  @Test
  void aRevisionTwiceAsSlowFailsAgainstItsBaseline() {
    RevisionCounters baseline = new RevisionCounters();
    RevisionCounters revision = new RevisionCounters();
    Random random = new Random(11);
    long[] base = new long[BOUNDS.length];
    long[] mine = new long[BOUNDS.length];
    // An hour of the baseline before the deploy.
    record(base, random, 36_000, 1.0);
    observe(baseline, base, 0);
    LatencyCheck check = new LatencyCheck(RULE);
    Judgement judgement = null;
    for (int step = 1;
        step <= 60 && (judgement == null || judgement.verdict() != Verdict.FAIL);
        step++) {
      record(base, random, 100, 1.0);
      record(mine, random, 100, 2.0);
      observe(baseline, base, step);
      observe(revision, mine, step);
      judgement = check.judge(revision, baseline);
    }

    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.observed().get("quantileSeconds"))
        .isGreaterThan(judgement.observed().get("baselineQuantileSeconds"));
    assertThat(judgement.summary()).contains("p99");
  }

  @Test
  void aRevisionAboveTheCeilingIsTimedFromTheSampleThatFirstShowedASlowRequest() {
    // Given a p99 ceiling of 1 s and a revision whose first two samples have no slower request
    LatencyCheck check =
        new LatencyCheck(
            new LatencyRule(
                "http_request_duration_seconds_bucket", 0.99, 1.0, null, null, null, null));
    RevisionCounters baseline = new RevisionCounters();
    RevisionCounters revision = new RevisionCounters();
    long[] mine = new long[BOUNDS.length];
    for (int step = 1; step <= 2; step++) {
      record(mine, new Random(step), 100, 1.0);
      observe(revision, mine, step);
      assertThat(check.judge(revision, baseline).firstBadSampleAt()).isNull();
    }

    // When from the third sample on a tenth of its requests take 3 s
    Judgement judgement = null;
    for (int step = 3; step <= 30; step++) {
      record(mine, new Random(step), 90, 1.0);
      addSlow(mine, 10, 3.0);
      observe(revision, mine, step);
      judgement = check.judge(revision, baseline);
    }

    // Then it fails, timed from the third sample
    assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(judgement.firstBadSampleAt()).isEqualTo(Instant.EPOCH.plusSeconds(30));
  }

  @Test
  void aRevisionAsFastAsItsBaselineIsNotFailed() {
    Random random = new Random(5);
    for (int run = 0; run < 50; run++) {
      RevisionCounters baseline = new RevisionCounters();
      RevisionCounters revision = new RevisionCounters();
      long[] base = new long[BOUNDS.length];
      long[] mine = new long[BOUNDS.length];
      record(base, random, 36_000, 1.0);
      observe(baseline, base, 0);
      LatencyCheck check = new LatencyCheck(RULE);
      for (int step = 1; step <= 180; step++) {
        record(base, random, 100, 1.0);
        record(mine, random, 100, 1.0);
        observe(baseline, base, step);
        observe(revision, mine, step);
        assertThat(check.judge(revision, baseline).verdict()).isNotEqualTo(Verdict.FAIL);
      }
    }
  }

  /** Log-normal latencies around 80 ms, times {@code slower}, into cumulative buckets. */
  private static void record(long[] buckets, Random random, int requests, double slower) {
    for (int i = 0; i < requests; i++) {
      double seconds = slower * Math.exp(Math.log(0.08) + 0.6 * random.nextGaussian());
      for (int b = 0; b < BOUNDS.length; b++) {
        if (seconds <= BOUNDS[b]) {
          buckets[b]++;
        }
      }
    }
  }

  private static void addSlow(long[] buckets, int requests, double seconds) {
    for (int b = 0; b < BOUNDS.length; b++) {
      if (seconds <= BOUNDS[b]) {
        buckets[b] += requests;
      }
    }
  }

  private static void observe(RevisionCounters counters, long[] buckets, int step) {
    for (int b = 0; b < BOUNDS.length; b++) {
      String le = Double.isInfinite(BOUNDS[b]) ? "+Inf" : Double.toString(BOUNDS[b]);
      counters.observe(
          new MetricSample(
              "x",
              "http_request_duration_seconds_bucket",
              MetricType.HISTOGRAM_BUCKET,
              Map.of("le", le),
              buckets[b],
              Instant.EPOCH.plusSeconds(10L * step)));
    }
  }
}

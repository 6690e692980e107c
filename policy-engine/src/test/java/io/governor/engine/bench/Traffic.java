package io.governor.engine.bench;

import java.util.Random;

/** Generates both revisions' cumulative request and error counts, step by step. */
final class Traffic {

  private final Scenario scenario;
  private final Random random;
  private final double phase;
  long newRequests;
  long newErrors;
  long baseRequests;
  long baseErrors;

  Traffic(Scenario scenario) {
    this(scenario, scenario.seed());
  }

  private Traffic(Scenario scenario, long seed) {
    this.scenario = scenario;
    this.random = new Random(seed);
    this.phase = random.nextDouble() * 2 * Math.PI;
  }

  /**
   * The baseline's requests and errors over {@code seconds} before the deploy, from a generator of
   * its own so that the deploy's traffic is the same for every judge.
   */
  long[] history(double seconds) {
    Traffic before = new Traffic(scenario, scenario.seed() ^ 0x5DEECE66DL);
    long requests = before.poisson(scenario.rps() * seconds);
    return new long[] {requests, before.binomial(requests, scenario.baseErrorRatio())};
  }

  /** Advances {@code stepSeconds}, ending at {@code seconds} after the deploy. */
  void advance(double seconds, double stepSeconds) {
    double rate = scenario.rps() * stepSeconds;
    if (scenario.bursts() && ((long) (seconds / 60)) % 10 == 3) {
      rate *= 5;
    }
    double errorRatio = scenario.baseErrorRatio();
    if (scenario.drift()) {
      // A day compressed into the analysis: both revisions see the same swing of +-30%.
      errorRatio *= 1 + 0.3 * Math.sin(phase + seconds / 1800 * 2 * Math.PI);
    }
    long n = poisson(rate);
    long m = poisson(rate);
    newRequests += n;
    newErrors += binomial(n, Math.min(1, errorRatio * scenario.factorAt(seconds)));
    baseRequests += m;
    baseErrors += binomial(m, errorRatio);
  }

  private long poisson(double mean) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }

  private long binomial(long n, double p) {
    if (n > 200) {
      double mean = n * p;
      if (mean < 20) {
        return Math.min(n, poisson(mean));
      }
      double sd = Math.sqrt(mean * (1 - p));
      return Math.max(0, Math.min(n, Math.round(mean + sd * random.nextGaussian())));
    }
    long count = 0;
    for (long i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        count++;
      }
    }
    return count;
  }
}

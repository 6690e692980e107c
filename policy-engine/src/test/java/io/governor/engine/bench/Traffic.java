package io.governor.engine.bench;

import java.util.Random;

/** Generates both revisions' cumulative request and error counts, step by step. */
final class Traffic {

  private final Scenario scenario;
  private final Random random;
  private final double phase;

  /** Bucket bounds of the latency histogram: Prometheus' defaults. */
  static final double[] BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY
  };

  static final double MEDIAN_SECONDS = 0.08;
  static final double SIGMA = 0.6;

  long newRequests;
  long newErrors;
  long baseRequests;
  long baseErrors;
  final long[] newBuckets = new long[BOUNDS.length];
  final long[] baseBuckets = new long[BOUNDS.length];
  long newRestarts;
  long newBackingOff;

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

  /** The baseline's latency buckets over the same time before the deploy as {@link #history}. */
  long[] historyBuckets(double seconds) {
    Traffic before = new Traffic(scenario, scenario.seed() ^ 0x5DEECE66DL);
    long requests = before.poisson(scenario.rps() * seconds);
    long[] buckets = new long[BOUNDS.length];
    before.observeLatencies(buckets, requests, 1);
    return buckets;
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
    observeLatencies(newBuckets, n, scenario.latencyFactor());
    observeLatencies(baseBuckets, m, 1);
    if (scenario.crashLoop()) {
      crashLoopAt(seconds);
    } else if (scenario.crashOnce()) {
      newRestarts = seconds >= RUNS_SECONDS + 10 ? 1 : 0;
      newBackingOff = seconds >= RUNS_SECONDS && seconds < RUNS_SECONDS + 10 ? 1 : 0;
    }
  }

  /** Seconds a crash-looping container runs before it crashes again. */
  static final double RUNS_SECONDS = 2;

  /**
   * The kubelet's handling of a container that crashes {@link #RUNS_SECONDS} after every start: it
   * waits in CrashLoopBackOff for 10 s, then 20 s, 40 s... at most 300 s, before each restart.
   */
  private void crashLoopAt(double seconds) {
    double startedAt = 0;
    long restarts = 0;
    double backOff = 10;
    while (startedAt + RUNS_SECONDS + backOff <= seconds) {
      startedAt += RUNS_SECONDS + backOff;
      restarts++;
      backOff = Math.min(300, backOff * 2);
    }
    newRestarts = restarts;
    newBackingOff = seconds >= startedAt + RUNS_SECONDS ? 1 : 0;
  }

  /** Spreads {@code requests} log-normal latencies over the cumulative buckets. */
  private void observeLatencies(long[] buckets, long requests, double slower) {
    long left = requests;
    double below = 0;
    long cumulative = 0;
    for (int b = 0; b < BOUNDS.length; b++) {
      double upTo = b == BOUNDS.length - 1 ? 1 : logNormalCdf(BOUNDS[b] / slower);
      double share = below >= 1 ? 0 : Math.max(0, (upTo - below) / (1 - below));
      long inBucket = b == BOUNDS.length - 1 ? left : binomial(left, Math.min(1, share));
      left -= inBucket;
      cumulative += inBucket;
      buckets[b] += cumulative;
      below = upTo;
    }
  }

  private static double logNormalCdf(double seconds) {
    double z = (Math.log(seconds) - Math.log(MEDIAN_SECONDS)) / SIGMA;
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  /** Abramowitz and Stegun 7.1.26: enough for bucket shares. */
  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    return x >= 0 ? y : -y;
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

package io.governor.engine.bench;

/**
 * One labelled deploy: traffic of the new revision and of its baseline over the same time.
 *
 * @param label the scenario class, e.g. {@code good}, {@code errors x3}
 * @param bad whether a correct judge rolls it back
 * @param rps requests per second to each revision
 * @param baseErrorRatio the baseline's error ratio (the good revision's too)
 * @param newErrorFactor the new revision's error ratio over the baseline's, at the start
 * @param degradesTo when above 1, the factor grows linearly to this over the first 15 minutes
 * @param silent the new revision sends no metrics at all
 * @param bursts traffic comes in bursts of five times the rate
 * @param drift the error ratio of both revisions drifts over the day
 * @param latencyFactor the new revision's latencies over the baseline's
 * @param crashLoop the new revision's containers keep restarting
 * @param crashOnce the new revision's container crashes once at start (a dependency not up yet),
 *     then runs
 */
record Scenario(
    String label,
    boolean bad,
    double rps,
    double baseErrorRatio,
    double newErrorFactor,
    double degradesTo,
    boolean silent,
    boolean bursts,
    boolean drift,
    double latencyFactor,
    boolean crashLoop,
    boolean crashOnce,
    long seed) {

  /** The new revision's error factor at a time after the deploy. */
  double factorAt(double seconds) {
    if (degradesTo <= 1) {
      return newErrorFactor;
    }
    double progress = Math.min(1, seconds / 900);
    return newErrorFactor + (degradesTo - newErrorFactor) * progress;
  }
}

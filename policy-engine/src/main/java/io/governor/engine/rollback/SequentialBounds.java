package io.governor.engine.rollback;

/**
 * Wald's bounds for a sequential probability ratio test: the log-likelihood ratio of "bad" over
 * "good" fails the revision at {@link #fail()} and is held at {@link #floor()}, so good evidence
 * piled up early cannot hide a later regression, while a good revision has to climb the whole
 * distance between the two by chance to be failed.
 *
 * @param falseAlarmRate the chance of failing a good revision
 * @param missRate the chance of passing a bad one, at the alternative the test is tuned for
 */
record SequentialBounds(double falseAlarmRate, double missRate) {

  static final double DEFAULT_MISS_RATE = 0.05;

  double fail() {
    return Math.log((1 - missRate) / falseAlarmRate);
  }

  double floor() {
    return Math.log(missRate / (1 - falseAlarmRate));
  }

  double clamp(double llr) {
    return Math.max(floor(), llr);
  }
}

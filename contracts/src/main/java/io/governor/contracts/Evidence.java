package io.governor.contracts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers behind one rule's verdict, so a person can see why Governor acted.
 *
 * @param rule the rule that judged, e.g. {@code error-rate}
 * @param verdict the rule's outcome, e.g. {@code fail}
 * @param observed what was measured (rates, counts, sample sizes, test statistics)
 * @param thresholds what it was compared with
 * @param windowStart the first sample the rule used
 * @param windowEnd the last sample the rule used
 * @param summary one sentence a person can read
 */
public record Evidence(
    String rule,
    String verdict,
    Map<String, Double> observed,
    Map<String, Double> thresholds,
    Instant windowStart,
    Instant windowEnd,
    String summary) {

  public Evidence {
    Objects.requireNonNull(rule, "rule is missing");
    Objects.requireNonNull(verdict, "verdict is missing");
    // Insertion order is kept so the evidence reads in the order the rule computed it.
    observed = observed == null ? Map.of() : new LinkedHashMap<>(observed);
    thresholds = thresholds == null ? Map.of() : new LinkedHashMap<>(thresholds);
  }
}

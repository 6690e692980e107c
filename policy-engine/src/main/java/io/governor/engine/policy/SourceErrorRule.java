package io.governor.engine.policy;

import java.time.Duration;

/**
 * The metrics source failing, as Prometheus reports it: its {@code up} series of the revision's
 * targets at 0. The revision's silence is then the source's fault, not the revision's.
 *
 * @param metric the gauge that says a scrape worked (default {@code up})
 * @param after how long it must stay at 0 (default 2 minutes)
 * @param consequence {@code alert} (default), {@code rollback} or {@code pass}
 */
public record SourceErrorRule(String metric, Duration after, NoDataRule.Consequence consequence) {

  public String effectiveMetric() {
    return metric == null ? "up" : metric;
  }

  public Duration effectiveAfter() {
    return after == null ? Duration.ofMinutes(2) : after;
  }

  public NoDataRule.Consequence effectiveConsequence() {
    return consequence == null ? NoDataRule.Consequence.ALERT : consequence;
  }
}

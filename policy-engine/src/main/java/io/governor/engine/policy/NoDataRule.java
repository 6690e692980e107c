package io.governor.engine.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A revision that sends no metrics is an outcome of its own, never a silent pass.
 *
 * @param after how long without any sample of the revision (default 2 minutes: eight missed
 *     scrapes)
 * @param consequence {@code rollback}, or {@code alert}: a dry-run decision that the actuator
 *     records and reports without changing anything (default)
 */
public record NoDataRule(Duration after, Consequence consequence) {

  public static final Duration DEFAULT_AFTER = Duration.ofMinutes(2);

  public Duration effectiveAfter() {
    return after == null ? DEFAULT_AFTER : after;
  }

  public Consequence effectiveConsequence() {
    return consequence == null ? Consequence.ALERT : consequence;
  }

  /** What an outcome leads to. */
  public enum Consequence {
    ROLLBACK("rollback"),
    ALERT("alert"),
    /** Only counted: the analysis ends as if the revision passed. */
    PASS("pass");

    private final String json;

    Consequence(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static Consequence fromJson(String value) {
      return JsonNames.find(values(), Consequence::json, "consequence", value);
    }
  }
}

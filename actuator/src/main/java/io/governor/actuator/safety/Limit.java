package io.governor.actuator.safety;

import java.util.Locale;

/** The safety limit that stopped a decision. */
public enum Limit {
  /** Its time-to-live ran out before it could be carried out. */
  EXPIRED,
  /** The pause annotation is on the workload or its namespace. */
  PAUSED,
  /** The workload was changed the same way too recently. */
  COOLDOWN,
  /** Too many rollbacks across the cluster in the window. */
  BREAKER;

  /** The metric tag value. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package io.governor.engine.kafka;

import io.governor.contracts.EventDecodingException;
import io.governor.contracts.failure.Retrying;
import java.util.Locale;

/** Why a record was dead-lettered: a closed set, so the count by reason stays small. */
public enum RejectReason {
  /** The record is not a Governor event this engine reads. */
  UNREADABLE,
  /** Redis or Kafka stayed away for every attempt. */
  RETRIES_EXHAUSTED,
  /** Anything else: a defect, the log says which. */
  FAILED;

  /** The reason a failure that ends a record's handling is dead-lettered for. */
  public static RejectReason of(Throwable failure) {
    if (failure instanceof EventDecodingException) {
      return UNREADABLE;
    }
    if (failure instanceof Retrying.GaveUpException) {
      return RETRIES_EXHAUSTED;
    }
    return FAILED;
  }

  /** The value of the metric's reason tag, e.g. {@code retries-exhausted}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

package io.governor.actuator.decisions;

import io.governor.contracts.EventDecodingException;
import io.governor.contracts.failure.Retrying;
import java.util.Locale;

/** Why a decision was dead-lettered: a closed set, so the count by reason stays small. */
public enum RejectReason {
  /** The record is not a decision this actuator reads. */
  UNREADABLE,
  /** The API server stayed away for every attempt. */
  API_SERVER_UNAVAILABLE,
  /** Every attempt lost a conflicting write to the live object. */
  CONFLICT_RETRIES_EXHAUSTED,
  /** Something else that may pass (Redis, Kafka) stayed away for every attempt. */
  RETRIES_EXHAUSTED,
  /** Anything else: a defect, the log says which. */
  FAILED;

  /** The reason a failure that ends a decision's handling is dead-lettered for. */
  public static RejectReason of(Throwable failure) {
    if (failure instanceof EventDecodingException) {
      return UNREADABLE;
    }
    if (failure instanceof Retrying.GaveUpException gaveUp) {
      if (gaveUp.getCause() instanceof ActuationUnavailableException unavailable) {
        return switch (unavailable.reason()) {
          case API_SERVER_UNAVAILABLE -> API_SERVER_UNAVAILABLE;
          case CONFLICT_RETRIES_EXHAUSTED -> CONFLICT_RETRIES_EXHAUSTED;
          // Held elsewhere is asked about again until the time-to-live, never dead-lettered.
          case CLAIMED_ELSEWHERE -> RETRIES_EXHAUSTED;
        };
      }
      return RETRIES_EXHAUSTED;
    }
    return FAILED;
  }

  /** The value of the metric's reason tag, e.g. {@code api-server-unavailable}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

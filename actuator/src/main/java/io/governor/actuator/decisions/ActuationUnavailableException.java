package io.governor.actuator.decisions;

/**
 * The action could not be tried because something it needs is away for now (the API server, Redis,
 * Kafka), or another replica is acting on the same decision. The decision is retried, not recorded
 * as failed.
 */
public class ActuationUnavailableException extends RuntimeException {

  /** What was away. */
  public enum Reason {
    API_SERVER_UNAVAILABLE,
    CONFLICT_RETRIES_EXHAUSTED,
    /** Another replica holds the decision; its result will be found on a later attempt. */
    CLAIMED_ELSEWHERE
  }

  private final Reason reason;

  public ActuationUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

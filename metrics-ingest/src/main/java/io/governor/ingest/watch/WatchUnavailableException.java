package io.governor.ingest.watch;

/** Kafka or Redis did not answer; the watch tries again with backoff, then on the next resync. */
public class WatchUnavailableException extends RuntimeException {

  /** What was away. */
  public enum Reason {
    KAFKA,
    REDIS
  }

  private final Reason reason;

  public WatchUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

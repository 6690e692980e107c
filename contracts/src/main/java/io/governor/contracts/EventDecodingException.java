package io.governor.contracts;

/**
 * A record or request body that cannot be read as the expected event. Its message is the reason
 * written on the dead-letter record or in the problem details of a rejected request.
 */
public class EventDecodingException extends RuntimeException {

  private final String field;

  public EventDecodingException(String field, String reason, Throwable cause) {
    super(reason, cause);
    this.field = field;
  }

  public EventDecodingException(String reason) {
    this(null, reason, null);
  }

  /** The JSON path of the field at fault, e.g. {@code samples[2].value}; null when unknown. */
  public String field() {
    return field;
  }
}

package io.governor.ingest.remotewrite;

/**
 * A remote-write body that is not a snappy-compressed {@code prometheus.WriteRequest}.
 *
 * @see #field()
 */
public class MalformedWriteRequestException extends RuntimeException {

  private final String field;

  public MalformedWriteRequestException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /**
   * Where in the request it went wrong, e.g. {@code timeseries[3].samples[0]}, or {@code (body)}
   * when the body as a whole is at fault.
   */
  public String field() {
    return field;
  }
}

package io.governor.ingest.remotewrite;

/** A remote-write body that would decompress to more than the configured limit. */
public class WriteRequestTooLargeException extends RuntimeException {

  public WriteRequestTooLargeException(String message) {
    super(message);
  }
}

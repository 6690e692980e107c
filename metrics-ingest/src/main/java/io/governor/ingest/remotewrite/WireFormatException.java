package io.governor.ingest.remotewrite;

/** Bytes that are not valid protobuf wire format; the decoder adds which field it was reading. */
final class WireFormatException extends RuntimeException {

  WireFormatException(String message) {
    super(message);
  }
}

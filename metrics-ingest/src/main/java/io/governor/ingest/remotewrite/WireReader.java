package io.governor.ingest.remotewrite;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format, as much of it as {@code prometheus.WriteRequest} uses: varints,
 * 64-bit fixed values and length-delimited fields; other fields are skipped by their wire type. A
 * hand-written reader rather than generated code: five small messages do not need a code generator
 * in the build.
 */
final class WireReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buffer;
  private final int limit;
  private int position;

  WireReader(byte[] buffer) {
    this(buffer, 0, buffer.length);
  }

  private WireReader(byte[] buffer, int offset, int limit) {
    this.buffer = buffer;
    this.position = offset;
    this.limit = limit;
  }

  boolean atEnd() {
    return position >= limit;
  }

  /** The next field's tag: field number {@code tag >>> 3}, wire type {@code tag & 7}. */
  int readTag() {
    long tag = readVarint();
    if (tag < 0 || tag > Integer.MAX_VALUE || tag >>> 3 == 0) {
      throw new WireFormatException("invalid field tag " + tag + " at byte " + position);
    }
    return (int) tag;
  }

  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new WireFormatException("truncated varint at byte " + position);
      }
      byte b = buffer[position++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new WireFormatException("varint longer than 10 bytes at byte " + position);
  }

  double readDouble() {
    require(8, "a 64-bit value");
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits |= (long) (buffer[position + i] & 0xff) << (8 * i);
    }
    position += 8;
    return Double.longBitsToDouble(bits);
  }

  /** A length-delimited field as a reader of its own bytes; this reader moves past it. */
  WireReader readMessage() {
    int length = readLength();
    WireReader message = new WireReader(buffer, position, position + length);
    position += length;
    return message;
  }

  String readString() {
    int length = readLength();
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buffer, position, length))
              .toString();
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw new WireFormatException("a string that is not UTF-8 at byte " + position);
    }
  }

  /** Skips a field of the given wire type that the reader does not need. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> skipBytes(8);
      case LENGTH_DELIMITED -> skipBytes(readLength());
      case FIXED32 -> skipBytes(4);
      default ->
          throw new WireFormatException(
              "unsupported wire type " + wireType + " at byte " + position);
    }
  }

  private int readLength() {
    long length = readVarint();
    if (length < 0 || length > limit - position) {
      throw new WireFormatException(
          "a length of " + length + " at byte " + position + " runs past the end");
    }
    return (int) length;
  }

  private void skipBytes(int count) {
    require(count, count + " bytes");
    position += count;
  }

  private void require(int count, String what) {
    if (count > limit - position) {
      throw new WireFormatException("truncated " + what + " at byte " + position);
    }
  }
}

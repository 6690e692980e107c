package io.governor.ingest.remotewrite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.xerial.snappy.Snappy;

/**
 * Writes {@code prometheus.WriteRequest} bytes the way Prometheus does, field by field, for tests.
 *
 * <pre>{@code
 * byte[] body = new WriteRequestBuilder()
 *     .series(new String[] {"__name__", "up", "namespace", "shop"}, 1.0, 1_000L)
 *     .snappy();
 * }</pre>
 */
public final class WriteRequestBuilder {

  private final ByteArrayOutputStream request = new ByteArrayOutputStream();

  /**
   * Adds a series.
   *
   * @param labels names and values, alternating
   * @param samples values and millisecond timestamps, alternating ({@code 1.0, 1000L, 2.0, 2000L})
   */
  public WriteRequestBuilder series(String[] labels, Object... samples) {
    ByteArrayOutputStream series = new ByteArrayOutputStream();
    for (int i = 0; i < labels.length; i += 2) {
      ByteArrayOutputStream label = new ByteArrayOutputStream();
      string(label, 1, labels[i]);
      string(label, 2, labels[i + 1]);
      message(series, 1, label.toByteArray());
    }
    for (int i = 0; i < samples.length; i += 2) {
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      tag(sample, 1, 1);
      long bits = Double.doubleToRawLongBits(((Number) samples[i]).doubleValue());
      for (int b = 0; b < 8; b++) {
        sample.write((int) (bits >>> (8 * b)) & 0xff);
      }
      tag(sample, 2, 0);
      varint(sample, ((Number) samples[i + 1]).longValue());
      message(series, 2, sample.toByteArray());
    }
    message(request, 1, series.toByteArray());
    return this;
  }

  /** Adds a {@code MetricMetadata} (field 3), which the receiver skips. */
  public WriteRequestBuilder metadata(String family, String help) {
    ByteArrayOutputStream metadata = new ByteArrayOutputStream();
    tag(metadata, 1, 0);
    varint(metadata, 1); // COUNTER
    string(metadata, 2, family);
    string(metadata, 4, help);
    message(request, 3, metadata.toByteArray());
    return this;
  }

  public byte[] bytes() {
    return request.toByteArray();
  }

  public byte[] snappy() {
    return compress(bytes());
  }

  public static byte[] compress(byte[] bytes) {
    try {
      return Snappy.compress(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void string(ByteArrayOutputStream out, int field, String value) {
    message(out, field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void message(ByteArrayOutputStream out, int field, byte[] bytes) {
    tag(out, field, 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, (long) field << 3 | wireType);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }
}

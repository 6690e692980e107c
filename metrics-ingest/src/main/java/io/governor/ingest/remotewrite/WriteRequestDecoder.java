package io.governor.ingest.remotewrite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Decodes a Prometheus remote-write 1.0 body: snappy block compression around a {@code
 * prometheus.WriteRequest}.
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; ... }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }
 * </pre>
 *
 * Metadata, exemplars and native histograms are skipped, as is any field added later.
 */
public final class WriteRequestDecoder {

  private static final String BODY = "(body)";

  private final int maxDecompressedBytes;

  /**
   * @param maxDecompressedBytes the most a body may decompress to; more is refused unread
   */
  public WriteRequestDecoder(int maxDecompressedBytes) {
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  /**
   * @throws MalformedWriteRequestException when the body is not snappy or not a WriteRequest
   * @throws WriteRequestTooLargeException when it would decompress to more than the limit
   */
  public List<RemoteSeries> decode(byte[] body) {
    return parse(uncompress(body));
  }

  /** Parses an uncompressed {@code WriteRequest}. */
  List<RemoteSeries> parse(byte[] request) {
    List<RemoteSeries> series = new ArrayList<>();
    WireReader reader = new WireReader(request);
    String at = BODY;
    try {
      while (!reader.atEnd()) {
        int tag = reader.readTag();
        if (tag == (1 << 3 | WireReader.LENGTH_DELIMITED)) {
          at = "timeseries[" + series.size() + "]";
          series.add(timeSeries(reader.readMessage(), at));
        } else {
          at = BODY;
          reader.skip(tag & 7);
        }
      }
    } catch (FieldException e) {
      throw new MalformedWriteRequestException(
          e.field, "the body is not a prometheus.WriteRequest: " + e.getMessage(), null);
    } catch (WireFormatException e) {
      throw new MalformedWriteRequestException(
          at, "the body is not a prometheus.WriteRequest: " + e.getMessage(), null);
    }
    return series;
  }

  private static RemoteSeries timeSeries(WireReader reader, String at) {
    Map<String, String> labels = new LinkedHashMap<>();
    List<RemoteSeries.Sample> samples = new ArrayList<>();
    int labelCount = 0;
    while (!reader.atEnd()) {
      int tag = reader.readTag();
      if (tag == (1 << 3 | WireReader.LENGTH_DELIMITED)) {
        String field = at + ".labels[" + labelCount++ + "]";
        label(within(reader, field), labels, field);
      } else if (tag == (2 << 3 | WireReader.LENGTH_DELIMITED)) {
        String field = at + ".samples[" + samples.size() + "]";
        samples.add(sample(within(reader, field), field));
      } else {
        skip(reader, tag, at);
      }
    }
    return new RemoteSeries(labels, samples);
  }

  private static void label(WireReader reader, Map<String, String> labels, String at) {
    String name = "";
    String value = "";
    try {
      while (!reader.atEnd()) {
        int tag = reader.readTag();
        if (tag == (1 << 3 | WireReader.LENGTH_DELIMITED)) {
          name = reader.readString();
        } else if (tag == (2 << 3 | WireReader.LENGTH_DELIMITED)) {
          value = reader.readString();
        } else {
          reader.skip(tag & 7);
        }
      }
    } catch (WireFormatException e) {
      throw new FieldException(at, e.getMessage());
    }
    if (name.isEmpty()) {
      throw new FieldException(at + ".name", "a label without a name");
    }
    labels.put(name, value);
  }

  private static RemoteSeries.Sample sample(WireReader reader, String at) {
    double value = 0;
    long timestamp = 0;
    try {
      while (!reader.atEnd()) {
        int tag = reader.readTag();
        if (tag == (1 << 3 | WireReader.FIXED64)) {
          value = reader.readDouble();
        } else if (tag == (2 << 3 | WireReader.VARINT)) {
          timestamp = reader.readVarint();
        } else {
          reader.skip(tag & 7);
        }
      }
    } catch (WireFormatException e) {
      throw new FieldException(at, e.getMessage());
    }
    return new RemoteSeries.Sample(value, timestamp);
  }

  private static WireReader within(WireReader reader, String at) {
    try {
      return reader.readMessage();
    } catch (WireFormatException e) {
      throw new FieldException(at, e.getMessage());
    }
  }

  private static void skip(WireReader reader, int tag, String at) {
    try {
      reader.skip(tag & 7);
    } catch (WireFormatException e) {
      throw new FieldException(at, e.getMessage());
    }
  }

  private byte[] uncompress(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedWriteRequestException(BODY, "the body is empty", null);
    }
    int length;
    try {
      // The length comes first in a snappy block: a bomb is refused before any of it is unpacked.
      length = Snappy.uncompressedLength(body);
      if (length > maxDecompressedBytes) {
        throw new WriteRequestTooLargeException(
            "the body decompresses to "
                + length
                + " bytes, more than the limit of "
                + maxDecompressedBytes);
      }
      if (!Snappy.isValidCompressedBuffer(body)) {
        throw notSnappy(null);
      }
      return Snappy.uncompress(body);
    } catch (IOException e) {
      throw notSnappy(e);
    }
  }

  private static MalformedWriteRequestException notSnappy(Throwable cause) {
    return new MalformedWriteRequestException(
        BODY,
        "the body is not snappy block-compressed (remote write 1.0 sends Content-Encoding: snappy)",
        cause);
  }

  /** A wire error where the field is known; turned into the public exception at the top. */
  private static final class FieldException extends RuntimeException {
    private final String field;

    FieldException(String field, String message) {
      super(message);
      this.field = field;
    }
  }
}

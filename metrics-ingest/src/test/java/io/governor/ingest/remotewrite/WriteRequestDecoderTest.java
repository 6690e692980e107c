package io.governor.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteRequestDecoderTest {

  private final WriteRequestDecoder decoder = new WriteRequestDecoder(1 << 20);

  /**
   * {@code WriteRequest{timeseries: [{labels: [{__name__: up}], samples: [{value: 1.0, timestamp:
   * 1000}]}]}}, written out byte by byte from the protobuf encoding rules, independently of {@link
   * WriteRequestBuilder}.
   */
  private static final String UP_HEX =
      "0a1e" // WriteRequest.timeseries (1, length-delimited), 30 bytes
          + "0a0e" // TimeSeries.labels (1), 14 bytes
          + "0a08"
          + "5f5f6e616d655f5f" // Label.name (1) "__name__"
          + "1202"
          + "7570" // Label.value (2) "up"
          + "120c" // TimeSeries.samples (2), 12 bytes
          + "09"
          + "000000000000f03f" // Sample.value (1, fixed64) 1.0
          + "10"
          + "e807"; // Sample.timestamp (2, varint) 1000

  @Test
  void decodesAWriteRequestWrittenByHand() {
    byte[] body = WriteRequestBuilder.compress(HexFormat.of().parseHex(UP_HEX));

    List<RemoteSeries> series = decoder.decode(body);

    assertThat(series)
        .containsExactly(
            new RemoteSeries(
                Map.of("__name__", "up"), List.of(new RemoteSeries.Sample(1.0, 1000))));
  }

  @Test
  void theBuilderWritesTheSameBytesAsTheHandWrittenRequest() {
    assertThat(
            HexFormat.of()
                .formatHex(
                    new WriteRequestBuilder()
                        .series(new String[] {"__name__", "up"}, 1.0, 1000L)
                        .bytes()))
        .isEqualTo(UP_HEX);
  }

  @Test
  void keepsLabelOrderAndEverySampleAndSkipsMetadata() {
    byte[] body =
        new WriteRequestBuilder()
            .metadata("http_requests_total", "Requests served.")
            .series(
                new String[] {"__name__", "http_requests_total", "namespace", "shop", "le", "é"},
                10.0,
                1_700_000_000_000L,
                12.5,
                1_700_000_001_000L)
            .series(new String[] {"__name__", "up"})
            .snappy();

    List<RemoteSeries> series = decoder.decode(body);

    assertThat(series).hasSize(2);
    assertThat(series.get(0).labels().keySet()).containsExactly("__name__", "namespace", "le");
    assertThat(series.get(0).labels()).containsEntry("le", "é");
    assertThat(series.get(0).samples())
        .containsExactly(
            new RemoteSeries.Sample(10.0, 1_700_000_000_000L),
            new RemoteSeries.Sample(12.5, 1_700_000_001_000L));
    assertThat(series.get(1).samples()).isEmpty();
  }

  @Test
  void aBodyThatIsNotSnappyIsMalformedAsAWhole() {
    byte[] plain =
        new WriteRequestBuilder().series(new String[] {"__name__", "up"}, 1.0, 1L).bytes();

    assertThatThrownBy(() -> decoder.decode(plain))
        .isInstanceOf(MalformedWriteRequestException.class)
        .hasMessageContaining("snappy")
        .extracting(e -> ((MalformedWriteRequestException) e).field())
        .isEqualTo("(body)");
    assertThatThrownBy(() -> decoder.decode(new byte[0]))
        .isInstanceOf(MalformedWriteRequestException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aTruncatedSampleIsMalformedNamingIt() {
    byte[] request =
        new WriteRequestBuilder()
            .series(new String[] {"__name__", "up"}, 1.0, 1L)
            .series(new String[] {"__name__", "up"}, 1.0, 1L, 2.0, 2L)
            .bytes();
    // The second series claims one byte more than the body has left.
    byte[] cut = Arrays.copyOf(request, request.length - 1);
    // The sample claims 11 bytes: its timestamp's tag is there, its varint is not.
    byte[] broken = HexFormat.of().parseHex(UP_HEX.replace("120c09", "120b09"));

    assertThatThrownBy(() -> decoder.parse(broken))
        .isInstanceOf(MalformedWriteRequestException.class)
        .extracting(e -> ((MalformedWriteRequestException) e).field())
        .isEqualTo("timeseries[0].samples[0]");
    assertThatThrownBy(() -> decoder.parse(cut))
        .isInstanceOf(MalformedWriteRequestException.class)
        .hasMessageContaining("prometheus.WriteRequest")
        .extracting(e -> ((MalformedWriteRequestException) e).field())
        .isEqualTo("timeseries[1]");
  }

  @Test
  void aBodyThatWouldDecompressBeyondTheLimitIsRefusedUnread() {
    WriteRequestDecoder small = new WriteRequestDecoder(64);
    byte[] body =
        new WriteRequestBuilder()
            .series(new String[] {"__name__", "x".repeat(100)}, 1.0, 1L)
            .snappy();

    assertThatThrownBy(() -> small.decode(body))
        .isInstanceOf(WriteRequestTooLargeException.class)
        .hasMessageContaining("limit of 64");
  }
}

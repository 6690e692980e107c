package io.governor.ingest.overload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

  @Test
  void requestsBeyondEitherBoundWaitUntilAPermitIsReleased() {
    InFlightLimit limit = new InFlightLimit(2, 100);

    InFlightLimit.Permit first = limit.tryAcquire(60).orElseThrow();
    assertThat(limit.tryAcquire(50)).as("samples bound").isEmpty();
    InFlightLimit.Permit second = limit.tryAcquire(40).orElseThrow();
    assertThat(limit.tryAcquire(0)).as("requests bound").isEmpty();
    assertThat(limit.requests()).isEqualTo(2);
    assertThat(limit.samples()).isEqualTo(100);

    first.close();
    first.close();
    assertThat(limit.requests()).as("released once").isEqualTo(1);
    assertThat(limit.tryAcquire(60)).isPresent();
    second.close();
  }

  @Test
  void aRequestLargerThanTheWholeBoundNeverFits() {
    InFlightLimit limit = new InFlightLimit(2, 100);
    assertThat(limit.fits(100)).isTrue();
    assertThat(limit.fits(101)).isFalse();
  }

  @Test
  void aBodyIsAdmittedByItsBytesBeforeItsSamplesAreKnown() {
    InFlightLimit limit = new InFlightLimit(3, 100, 1000);

    InFlightLimit.Permit first = limit.tryAcquireBytes(600).orElseThrow();
    assertThat(limit.tryAcquireBytes(500)).as("bytes bound").isEmpty();
    assertThat(first.tryAddSamples(80)).isTrue();
    InFlightLimit.Permit second = limit.tryAcquireBytes(400).orElseThrow();
    assertThat(second.tryAddSamples(30)).as("samples bound").isFalse();
    assertThat(limit.samples()).isEqualTo(80);

    first.close();
    first.close();
    assertThat(second.tryAddSamples(30)).isTrue();
    second.close();
    assertThat(limit.requests()).isZero();
    assertThat(limit.samples()).isZero();
    assertThat(limit.bytes()).isZero();
  }

  @Test
  void aBodyLargerThanTheBytesBoundIsTakenAloneNotNever() {
    InFlightLimit limit = new InFlightLimit(3, 100, 1000);

    InFlightLimit.Permit large = limit.tryAcquireBytes(5000).orElseThrow();
    assertThat(limit.tryAcquireBytes(1)).isEmpty();
    large.close();
    assertThat(limit.tryAcquireBytes(1)).isPresent();
  }
}

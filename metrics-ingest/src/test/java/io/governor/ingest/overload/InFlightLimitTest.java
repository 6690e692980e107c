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
}

package io.governor.engine.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.governor.contracts.EventDecodingException;
import io.governor.contracts.failure.Retrying;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RejectReasonTest {

  @Test
  void aRecordIsRejectedAsUnreadableRetriedOutOrFailed() {
    // Given a failure that used up its retries
    RuntimeException gaveUp =
        catchRuntimeException(
            () ->
                Retrying.call(
                    () -> {
                      throw new IllegalStateException("Redis away");
                    },
                    new Retrying.Policy(2, Duration.ZERO, Duration.ZERO),
                    failure -> true,
                    delay -> {},
                    (attempt, delay, failure) -> {}));

    // When / Then each failure maps to its bounded reason tag
    assertThat(RejectReason.of(new EventDecodingException("empty record")).tag())
        .isEqualTo("unreadable");
    assertThat(RejectReason.of(gaveUp).tag()).isEqualTo("retries-exhausted");
    assertThat(RejectReason.of(new NullPointerException()).tag()).isEqualTo("failed");
  }
}

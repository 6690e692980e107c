package io.governor.actuator.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.governor.contracts.EventDecodingException;
import io.governor.contracts.failure.Retrying;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RejectReasonTest {

  @Test
  void aGivenUpDecisionIsRejectedForWhatStayedAway() {
    // Given decisions whose retries ran out on the API server, on conflicts, and on Redis
    RuntimeException apiServer =
        gaveUpOn(
            new ActuationUnavailableException(
                ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE, "503", null));
    RuntimeException conflicts =
        gaveUpOn(
            new ActuationUnavailableException(
                ActuationUnavailableException.Reason.CONFLICT_RETRIES_EXHAUSTED, "409", null));
    RuntimeException redis = gaveUpOn(new IllegalStateException("Redis away"));

    // When / Then each maps to its bounded reason tag
    assertThat(RejectReason.of(apiServer).tag()).isEqualTo("api-server-unavailable");
    assertThat(RejectReason.of(conflicts).tag()).isEqualTo("conflict-retries-exhausted");
    assertThat(RejectReason.of(redis).tag()).isEqualTo("retries-exhausted");
    assertThat(RejectReason.of(new EventDecodingException("empty record")).tag())
        .isEqualTo("unreadable");
    assertThat(RejectReason.of(new NullPointerException()).tag()).isEqualTo("failed");
  }

  private static RuntimeException gaveUpOn(RuntimeException failure) {
    return catchRuntimeException(
        () ->
            Retrying.call(
                () -> {
                  throw failure;
                },
                new Retrying.Policy(1, Duration.ZERO, Duration.ZERO),
                retryable -> true,
                delay -> {},
                (attempt, delay, failed) -> {}));
  }
}

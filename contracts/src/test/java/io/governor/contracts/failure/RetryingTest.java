package io.governor.contracts.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingTest {

  private static final Retrying.Policy POLICY =
      new Retrying.Policy(4, Duration.ofMillis(100), Duration.ofMillis(250));

  private final List<Duration> waits = new ArrayList<>();

  @Test
  void aPassingOutageIsRiddenOutWithGrowingWaits() {
    AtomicInteger calls = new AtomicInteger();

    String result =
        Retrying.call(
            () -> {
              if (calls.incrementAndGet() < 4) {
                throw new IllegalStateException("redis away");
              }
              return "done";
            },
            POLICY,
            e -> true,
            waits::add,
            (attempt, delay, failure) -> {});

    assertThat(result).isEqualTo("done");
    assertThat(waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void aLastingOutageEndsWithTheReasonAndTheCount() {
    assertThatThrownBy(
            () ->
                Retrying.call(
                    () -> {
                      throw new IllegalStateException("redis away");
                    },
                    POLICY,
                    e -> true,
                    waits::add,
                    (attempt, delay, failure) -> {}))
        .isInstanceOf(Retrying.GaveUpException.class)
        .hasMessage("gave up after 4 attempt(s): redis away");
    assertThat(waits).hasSize(3);
  }

  @Test
  void aFailureThatCannotPassIsNotRetried() {
    IllegalArgumentException malformed = new IllegalArgumentException("malformed");

    assertThatThrownBy(
            () ->
                Retrying.call(
                    () -> {
                      throw malformed;
                    },
                    POLICY,
                    e -> !(e instanceof IllegalArgumentException),
                    waits::add,
                    (attempt, delay, failure) -> {}))
        .isSameAs(malformed);
    assertThat(waits).isEmpty();
  }
}

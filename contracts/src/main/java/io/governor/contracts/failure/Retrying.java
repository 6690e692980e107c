package io.governor.contracts.failure;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries work that failed for a reason that may pass (a broker, Redis or the API server away),
 * with exponential backoff, and gives up after a bounded number of attempts so that a consumer can
 * set the record aside with the reason instead of losing it.
 */
public final class Retrying {

  /**
   * How long to keep trying.
   *
   * @param maxAttempts attempts in all, the first included
   * @param firstDelay the wait after the first failure; it doubles up to {@code maxDelay}
   */
  public record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public Policy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures. */
    Duration delayAfter(int attempt) {
      long factor = 1L << Math.min(attempt - 1, 20);
      Duration delay = firstDelay.multipliedBy(factor);
      return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
  }

  /** Waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Told of every failed attempt that will be retried. */
  @FunctionalInterface
  public interface RetryListener {
    void onRetry(int attempt, Duration delay, RuntimeException failure);
  }

  private Retrying() {}

  /**
   * Runs {@code work} until it succeeds, a failure is not {@code retryable}, or the attempts are
   * used up.
   *
   * @throws GaveUpException when every attempt failed with a retryable failure
   * @throws RuntimeException the first failure that is not retryable, as it was thrown
   */
  public static <T> T call(
      Supplier<T> work,
      Policy policy,
      Predicate<RuntimeException> retryable,
      Sleeper sleeper,
      RetryListener listener) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException failure) {
        if (!retryable.test(failure)) {
          throw failure;
        }
        if (attempt >= policy.maxAttempts()) {
          throw new GaveUpException(attempt, failure);
        }
        Duration delay = policy.delayAfter(attempt);
        listener.onRetry(attempt, delay, failure);
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GaveUpException(attempt, failure);
        }
      }
    }
  }

  /** Every attempt failed; the message says how often and why, for a dead-letter record. */
  public static final class GaveUpException extends RuntimeException {

    private final int attempts;

    GaveUpException(int attempts, RuntimeException last) {
      super("gave up after " + attempts + " attempt(s): " + last.getMessage(), last);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }
  }
}

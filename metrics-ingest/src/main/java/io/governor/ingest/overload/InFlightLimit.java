package io.governor.ingest.overload;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the metric requests (and their samples) that wait for Kafka at once. Without a bound, a
 * slow broker turns a burst into memory: every request holds its events until acknowledged. Beyond
 * the bound a request is turned away with 429 and Retry-After, and the sender retries later.
 */
public final class InFlightLimit {

  private final int maxRequests;
  private final long maxSamples;
  private int requests;
  private long samples;

  public InFlightLimit(int maxRequests, long maxSamples) {
    if (maxRequests < 1 || maxSamples < 1) {
      throw new IllegalArgumentException("the in-flight limits must be at least 1");
    }
    this.maxRequests = maxRequests;
    this.maxSamples = maxSamples;
  }

  /** Whether a request of this many samples can ever be taken; a larger one is too large. */
  public boolean fits(int requestSamples) {
    return requestSamples <= maxSamples;
  }

  /** A permit for one request of that many samples, or empty while the limit is reached. */
  public synchronized Optional<Permit> tryAcquire(int requestSamples) {
    if (requests + 1 > maxRequests || samples + requestSamples > maxSamples) {
      return Optional.empty();
    }
    requests++;
    samples += requestSamples;
    return Optional.of(new Permit(requestSamples));
  }

  public synchronized int requests() {
    return requests;
  }

  public synchronized long samples() {
    return samples;
  }

  private synchronized void release(int requestSamples) {
    requests--;
    samples -= requestSamples;
  }

  /** Held while a request's events wait for Kafka; closing it more than once releases once. */
  public final class Permit implements AutoCloseable {
    private final int requestSamples;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(int requestSamples) {
      this.requestSamples = requestSamples;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(requestSamples);
      }
    }
  }
}

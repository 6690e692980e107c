package io.governor.ingest.overload;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the metric requests (their samples, and the bytes of the bodies still to decode) that wait
 * for Kafka at once. Without a bound, a slow broker turns a burst into memory: every request holds
 * its events until acknowledged. Beyond the bound a request is turned away with 429 and
 * Retry-After, and the sender retries later.
 *
 * <p>A compressed body is admitted by its size before it is decoded ({@link #tryAcquireBytes}), so
 * a burst is turned away before it is expanded; its samples join the permit once counted ({@link
 * Permit#tryAddSamples}).
 */
public final class InFlightLimit {

  private final int maxRequests;
  private final long maxSamples;
  private final long maxBytes;
  private int requests;
  private long samples;
  private long bytes;

  public InFlightLimit(int maxRequests, long maxSamples) {
    this(maxRequests, maxSamples, Long.MAX_VALUE);
  }

  /**
   * @param maxBytes most bytes of request bodies (as received, compressed) held at once
   */
  public InFlightLimit(int maxRequests, long maxSamples, long maxBytes) {
    if (maxRequests < 1 || maxSamples < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("the in-flight limits must be at least 1");
    }
    this.maxRequests = maxRequests;
    this.maxSamples = maxSamples;
    this.maxBytes = maxBytes;
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
    return Optional.of(new Permit(requestSamples, 0));
  }

  /**
   * A permit for one request whose body has that many bytes, before its samples are known; empty
   * while the limit is reached. A body larger than the whole bound is taken when nothing else is in
   * flight (the decoder's own limit refuses what is too large).
   */
  public synchronized Optional<Permit> tryAcquireBytes(long requestBytes) {
    if (requests + 1 > maxRequests || (bytes > 0 && bytes + requestBytes > maxBytes)) {
      return Optional.empty();
    }
    requests++;
    bytes += requestBytes;
    return Optional.of(new Permit(0, requestBytes));
  }

  public synchronized int requests() {
    return requests;
  }

  public synchronized long samples() {
    return samples;
  }

  public synchronized long bytes() {
    return bytes;
  }

  private synchronized boolean addSamples(int requestSamples) {
    if (samples + requestSamples > maxSamples) {
      return false;
    }
    samples += requestSamples;
    return true;
  }

  private synchronized void release(long requestSamples, long requestBytes) {
    requests--;
    samples -= requestSamples;
    bytes -= requestBytes;
  }

  /** Held while a request's events wait for Kafka; closing it more than once releases once. */
  public final class Permit implements AutoCloseable {
    private final AtomicBoolean released = new AtomicBoolean();
    private final long requestBytes;
    private long requestSamples;

    private Permit(int requestSamples, long requestBytes) {
      this.requestSamples = requestSamples;
      this.requestBytes = requestBytes;
    }

    /** Adds a request's samples, once counted; false (and nothing added) beyond the bound. */
    public synchronized boolean tryAddSamples(int more) {
      if (released.get() || !addSamples(more)) {
        return false;
      }
      requestSamples += more;
      return true;
    }

    @Override
    public synchronized void close() {
      if (released.compareAndSet(false, true)) {
        release(requestSamples, requestBytes);
      }
    }
  }
}

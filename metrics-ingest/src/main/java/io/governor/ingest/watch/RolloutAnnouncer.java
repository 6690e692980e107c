package io.governor.ingest.watch;

import io.governor.contracts.WorkloadId;
import io.governor.contracts.failure.Retrying;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Announces what a rollout's changes mean, each announcement once across restarts and instances,
 * and none lost: the state a judgement started from is replaced only when every announcement it
 * called for was published (or known), so a failure leaves it in place and the next look at the
 * Deployment (its next update or the informer's resync) judges the same change again.
 *
 * <p>Per announcement: claim it in the memory; publish it, waiting for Kafka; then mark it
 * announced. Failures that may pass are retried with backoff; when the attempts are used up the
 * claim is released and the announcement waits for the next look. Called from one thread.
 */
public final class RolloutAnnouncer {

  /** Writes an announcement to Kafka and returns once the broker has it. */
  @FunctionalInterface
  public interface Publisher {
    /**
     * @throws WatchUnavailableException when Kafka did not acknowledge it
     */
    void publish(Announcement announcement);
  }

  /** Told what happened to each announcement: logs and metrics. */
  public interface Listener {
    void published(Announcement announcement);

    void alreadyAnnounced(Announcement announcement);

    void claimedElsewhere(Announcement announcement);

    void retrying(Announcement announcement, int attempt, Duration delay, RuntimeException failure);

    void gaveUp(Announcement announcement, RuntimeException failure);
  }

  private final RolloutEvents events;
  private final AnnouncementMemory memory;
  private final Publisher publisher;
  private final Retrying.Policy retry;
  private final Retrying.Sleeper sleeper;
  private final Listener listener;
  private final Map<WorkloadId, Rollout> handled = new ConcurrentHashMap<>();

  public RolloutAnnouncer(
      RolloutEvents events,
      AnnouncementMemory memory,
      Publisher publisher,
      Retrying.Policy retry,
      Retrying.Sleeper sleeper,
      Listener listener) {
    this.events = events;
    this.memory = memory;
    this.publisher = publisher;
    this.retry = retry;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  /**
   * Judges the rollout against the state last handled and announces what is due, in order.
   *
   * @return true when everything due is announced and {@code now} became the state last handled;
   *     false when something must be tried again later
   */
  public boolean onRollout(Rollout now, Instant at) {
    List<Announcement> due = events.between(handled.get(now.workload()), now, at);
    for (Announcement announcement : due) {
      if (!announce(announcement)) {
        return false;
      }
    }
    handled.put(now.workload(), now);
    return true;
  }

  /** The Deployment is gone, or no longer watched. */
  public void forget(WorkloadId workload) {
    handled.remove(workload);
  }

  /** The state last handled: what the next change is judged against. */
  public Optional<Rollout> handled(WorkloadId workload) {
    return Optional.ofNullable(handled.get(workload));
  }

  private boolean announce(Announcement announcement) {
    Optional<AnnouncementMemory.Claim> claim =
        attempt(announcement, () -> memory.claim(announcement.key()));
    if (claim.isEmpty()) {
      return false;
    }
    switch (claim.get()) {
      case ANNOUNCED -> {
        listener.alreadyAnnounced(announcement);
        return true;
      }
      case BUSY -> {
        listener.claimedElsewhere(announcement);
        return false;
      }
      case CLAIMED -> {
        // Published below.
      }
    }
    if (attempt(announcement, () -> publish(announcement)).isEmpty()) {
      releaseQuietly(announcement);
      return false;
    }
    listener.published(announcement);
    // If this fails, Kafka has it but the memory does not: the next look publishes it again.
    return attempt(announcement, () -> remember(announcement)).isPresent();
  }

  private <T> Optional<T> attempt(Announcement announcement, Supplier<T> work) {
    try {
      return Optional.of(
          Retrying.call(
              work,
              retry,
              failure -> failure instanceof WatchUnavailableException,
              sleeper,
              (attempt, delay, failure) ->
                  listener.retrying(announcement, attempt, delay, failure)));
    } catch (RuntimeException failure) {
      listener.gaveUp(announcement, failure);
      return Optional.empty();
    }
  }

  private Boolean publish(Announcement announcement) {
    publisher.publish(announcement);
    return Boolean.TRUE;
  }

  private Boolean remember(Announcement announcement) {
    memory.announced(announcement.key());
    return Boolean.TRUE;
  }

  private void releaseQuietly(Announcement announcement) {
    try {
      memory.release(announcement.key());
    } catch (WatchUnavailableException e) {
      // The claim expires by itself.
    }
  }
}

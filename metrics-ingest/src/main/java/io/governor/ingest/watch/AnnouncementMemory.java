package io.governor.ingest.watch;

/**
 * What was announced, shared by every instance and kept across restarts. An announcement is claimed
 * before it is published, so two instances watching the same cluster do not both publish it, and
 * marked announced only once Kafka has it.
 *
 * <p>Every method throws {@link WatchUnavailableException} when the memory cannot be reached.
 */
public interface AnnouncementMemory {

  /** The answer to a claim. */
  enum Claim {
    /** This instance may publish it now. */
    CLAIMED,
    /** Published before: nothing to do. */
    ANNOUNCED,
    /** Another instance is publishing it now; look again later. */
    BUSY
  }

  Claim claim(String key);

  /** Kafka has it: remember it, for long. */
  void announced(String key);

  /** Publishing failed: give the claim up, so the next attempt (here or elsewhere) may claim it. */
  void release(String key);
}

package io.governor.scheduler.leader;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether this instance leads, and since which term. Only the leader publishes ticks and schedule
 * events; the term changes each time leadership is gained, so the publisher can tell a new
 * leadership (which publishes the level) from a continuing one, even when it missed the moment.
 */
public final class Leadership {

  private final String identity;
  private boolean leader;
  private long term;
  private String holder;

  public Leadership(String identity) {
    this.identity = Objects.requireNonNull(identity, "identity is missing");
  }

  /** An instance that leads from the start and never stops: one replica, no election. */
  public static Leadership always(String identity) {
    Leadership leadership = new Leadership(identity);
    leadership.gained();
    return leadership;
  }

  /** This instance became the leader. */
  public synchronized void gained() {
    if (!leader) {
      leader = true;
      term++;
      holder = identity;
    }
  }

  /** This instance is no longer the leader. */
  public synchronized void lost() {
    leader = false;
    if (identity.equals(holder)) {
      holder = null;
    }
  }

  /** The election observed a (possibly other) leader. */
  public synchronized void observed(String leaderIdentity) {
    holder = leaderIdentity;
  }

  public synchronized boolean isLeader() {
    return leader;
  }

  /** Counts the leaderships of this instance; 0 before the first. */
  public synchronized long term() {
    return term;
  }

  public String identity() {
    return identity;
  }

  /** The leader last observed, this instance or another; empty when none is known. */
  public synchronized Optional<String> holder() {
    return Optional.ofNullable(holder);
  }
}

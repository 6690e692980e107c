package io.governor.ingest.watch;

import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which deployment events a change of a rollout means, from the state the watch last handled and
 * the state now.
 *
 * <ul>
 *   <li>{@code NEW_REVISION} when the newest revision changes, if an older one exists to go back to
 *       (the event requires it). Not for a revision Governor's rollback restored (see {@link
 *       Rollout#restoredByGovernor()}): its analysis would take the revision just rolled back from
 *       as the one to return to. An old template redeployed by anything else is announced;
 *   <li>{@code ROLLOUT_COMPLETE} when the rollout becomes complete;
 *   <li>{@code PROGRESS_DEADLINE_EXCEEDED} when Kubernetes reports the deadline exceeded;
 *   <li>{@code REPLICAS_UNAVAILABLE} when available replicas drop below the desired count after the
 *       rollout was complete, on the drop only (a scale-up, where the count rises, is not one).
 * </ul>
 *
 * <p>The first sight of a Deployment after a start has no earlier state: what holds now is
 * announced (the memory drops what was announced before the start), except for a revision that
 * started rolling out longer than {@code firstSightMaxAge} ago, which is history: announcing it
 * would start judging a revision that has long been live.
 */
public final class RolloutEvents {

  public static final String ORIGIN = "watch";

  private final Duration firstSightMaxAge;

  public RolloutEvents(Duration firstSightMaxAge) {
    this.firstSightMaxAge = Objects.requireNonNull(firstSightMaxAge, "firstSightMaxAge");
  }

  /**
   * The announcements due, in the order they happened.
   *
   * @param before the state last handled, or null on the first sight since the start
   * @param now the state now
   * @param at the time of observation
   */
  public List<Announcement> between(Rollout before, Rollout now, Instant at) {
    List<DeploymentEventKind> kinds = new ArrayList<>();
    Rollout.Progress is = now.progress();
    if (before != null && now.revision().number() < before.revision().number()) {
      // The newest ReplicaSet was deleted; the controller makes it again with a higher number.
      return List.of();
    }
    if (before == null || now.revision().number() > before.revision().number()) {
      if (before == null && isHistory(now, at)) {
        return List.of();
      }
      if (now.previousRevision() != null && !now.restoredByGovernor()) {
        kinds.add(DeploymentEventKind.NEW_REVISION);
      }
      addIf(kinds, is.complete(), DeploymentEventKind.ROLLOUT_COMPLETE);
      addIf(kinds, is.deadlineExceeded(), DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED);
    } else {
      Rollout.Progress was = before.progress();
      addIf(kinds, is.complete() && !was.complete(), DeploymentEventKind.ROLLOUT_COMPLETE);
      addIf(
          kinds,
          is.deadlineExceeded() && !was.deadlineExceeded(),
          DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED);
      addIf(
          kinds,
          was.complete() && is.available() < is.desired() && is.available() < was.available(),
          DeploymentEventKind.REPLICAS_UNAVAILABLE);
    }
    return kinds.stream().map(kind -> announcement(kind, now, at)).toList();
  }

  private boolean isHistory(Rollout now, Instant at) {
    Instant since = now.revision().since();
    // Unknown age counts as new: announcing twice is harmless, missing a revision is not.
    return since != null && since.isBefore(at.minus(firstSightMaxAge));
  }

  private static void addIf(
      List<DeploymentEventKind> kinds, boolean condition, DeploymentEventKind kind) {
    if (condition) {
      kinds.add(kind);
    }
  }

  private static Announcement announcement(DeploymentEventKind kind, Rollout now, Instant at) {
    Rollout.Revision revision = now.revision();
    DeploymentEvent event =
        new DeploymentEvent(
            now.workload(),
            kind,
            Long.toString(revision.number()),
            now.previousRevision() == null ? null : Long.toString(now.previousRevision()),
            revision.image(),
            revision.changeCause(),
            ORIGIN,
            at,
            now.labels());
    return Announcement.of(event, now.resourceVersion());
  }
}

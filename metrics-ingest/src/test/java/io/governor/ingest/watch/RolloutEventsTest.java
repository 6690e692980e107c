package io.governor.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.WorkloadId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutEventsTest {

  static final WorkloadId CHECKOUT = WorkloadId.parse("shop/Deployment/checkout");
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final RolloutEvents events = new RolloutEvents(Duration.ofMinutes(30));

  @Test
  void aNewRevisionIsAnnouncedWithItsImageChangeCausePreviousRevisionAndLabels() {
    // Given checkout complete at revision 1
    Rollout before = rollout(1, null, complete(3, 1), "10");
    // When revision 2's ReplicaSet appears and starts rolling out
    Rollout now = rollout(2, 1L, rolling(3, 2, 1, 3, 4), "11");

    List<Announcement> due = events.between(before, now, NOW);

    // Then
    assertThat(kinds(due)).containsExactly(DeploymentEventKind.NEW_REVISION);
    DeploymentEvent event = due.get(0).event();
    assertThat(event.workload()).isEqualTo(CHECKOUT);
    assertThat(event.revision()).isEqualTo("2");
    assertThat(event.previousRevision()).isEqualTo("1");
    assertThat(event.image()).isEqualTo("ghcr.io/governor-demo/checkout:r2");
    assertThat(event.changeCause()).isEqualTo("deploy r2");
    assertThat(event.origin()).isEqualTo("watch");
    assertThat(event.observedAt()).isEqualTo(NOW);
    assertThat(event.labels()).containsEntry("app", "checkout");
    assertThat(due.get(0).key()).isEqualTo("shop/Deployment/checkout|2|NEW_REVISION");
  }

  @Test
  void aFirstRevisionHasNothingToGoBackToSoOnlyItsCompletionIsAnnounced() {
    // Given a Deployment first seen while its first revision rolls out
    Rollout rolling = rollout(1, null, rolling(3, 1, 1, 0, 0), "1");
    assertThat(events.between(null, rolling, NOW)).isEmpty();

    // When it completes
    Rollout complete = rollout(1, null, complete(3, 1), "2");

    // Then
    assertThat(kinds(events.between(rolling, complete, NOW)))
        .containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE);
  }

  @Test
  void theCompletionIsAnnouncedWhenItHappensAndNotOnEveryLaterLook() {
    Rollout rolling = rollout(2, 1L, rolling(3, 2, 2, 3, 4), "11");
    Rollout complete = rollout(2, 1L, complete(3, 2), "12");

    assertThat(kinds(events.between(rolling, complete, NOW)))
        .containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE);
    assertThat(events.between(complete, complete, NOW)).as("a resync").isEmpty();
  }

  @Test
  void aStatusOfAnOlderSpecOrWithOldReplicasLeftIsNotComplete() {
    Rollout rolling = rollout(2, 1L, rolling(3, 2, 1, 3, 4), "11");

    // Every replica updated and available, but the status is of the previous generation
    Rollout stale = rollout(2, 1L, new Rollout.Progress(3, 2, 3, 3, 3, 3, false), "12");
    // The status is current, but an old pod is still there
    Rollout oldLeft = rollout(2, 1L, rolling(3, 2, 3, 3, 4), "13");

    assertThat(events.between(rolling, stale, NOW)).isEmpty();
    assertThat(events.between(rolling, oldLeft, NOW)).isEmpty();
  }

  @Test
  void anExceededProgressDeadlineIsAnnouncedOnceForItsRevision() {
    Rollout rolling = rollout(2, 1L, rolling(3, 2, 1, 2, 4), "11");
    Rollout stuck = rollout(2, 1L, new Rollout.Progress(2, 2, 3, 4, 1, 2, true), "12");

    assertThat(kinds(events.between(rolling, stuck, NOW)))
        .containsExactly(DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED);
    assertThat(events.between(stuck, stuck, NOW)).isEmpty();
    // A condition left from before the spec changed is not about this spec
    Rollout staleCondition = rollout(2, 1L, new Rollout.Progress(3, 2, 3, 4, 1, 2, true), "13");
    assertThat(events.between(rolling, staleCondition, NOW)).isEmpty();
  }

  @Test
  void replicasUnavailableIsTheDropAfterCompletionNotEveryUpdate() {
    // Given checkout complete with 3 replicas
    Rollout complete = rollout(2, 1L, complete(3, 2), "20");

    // When one pod stops being available
    Rollout lostOne = rollout(2, 1L, new Rollout.Progress(2, 2, 3, 3, 3, 2, false), "21");
    List<Announcement> due = events.between(complete, lostOne, NOW);

    // Then it is announced once, keyed by the moment it happened
    assertThat(kinds(due)).containsExactly(DeploymentEventKind.REPLICAS_UNAVAILABLE);
    assertThat(due.get(0).key()).isEqualTo("shop/Deployment/checkout|2|REPLICAS_UNAVAILABLE|21");
    // And losing another one while incomplete is the same episode
    Rollout lostTwo = rollout(2, 1L, new Rollout.Progress(2, 2, 3, 3, 3, 1, false), "22");
    assertThat(events.between(lostOne, lostTwo, NOW)).isEmpty();
  }

  @Test
  void aScaleUpIsNotAnUnavailability() {
    Rollout two = rollout(1, null, complete(2, 1), "30");
    // spec.replicas 2 -> 6: six desired, still two available
    Rollout scaling = rollout(1, null, new Rollout.Progress(2, 2, 6, 2, 2, 2, false), "31");

    assertThat(events.between(two, scaling, NOW)).isEmpty();
  }

  @Test
  void onFirstSightWhatHoldsNowIsAnnouncedUnlessTheRevisionIsHistory() {
    // A revision that started rolling out 5 minutes ago and completed
    Rollout recent = rollout(2, 1L, complete(3, 2), NOW.minus(Duration.ofMinutes(5)));
    assertThat(kinds(events.between(null, recent, NOW)))
        .containsExactly(DeploymentEventKind.NEW_REVISION, DeploymentEventKind.ROLLOUT_COMPLETE);

    // One that has been live for a day is not new: judging it now could roll back a day's work
    Rollout history = rollout(2, 1L, complete(3, 2), NOW.minus(Duration.ofDays(1)));
    assertThat(events.between(null, history, NOW)).isEmpty();

    // Of unknown age: announced, since the memory drops what was announced before
    Rollout unknown = rollout(2, 1L, complete(3, 2), (Instant) null);
    assertThat(kinds(events.between(null, unknown, NOW)))
        .containsExactly(DeploymentEventKind.NEW_REVISION, DeploymentEventKind.ROLLOUT_COMPLETE);
  }

  @Test
  void aRevisionThatAppearsAlreadyCompleteIsNewAndCompleteInThatOrder() {
    Rollout before = rollout(2, 1L, complete(3, 2), "40");
    // The controller was quick: revision 3 is complete when the watch first sees it
    Rollout now = rollout(3, 2L, complete(3, 3), "45");

    List<Announcement> due = events.between(before, now, NOW);

    assertThat(kinds(due))
        .containsExactly(DeploymentEventKind.NEW_REVISION, DeploymentEventKind.ROLLOUT_COMPLETE);
    assertThat(due.get(0).event().previousRevision()).isEqualTo("2");
  }

  @Test
  void aRevisionRestoredByGovernorsRollbackIsNotNewButItsCompletionIsAnnounced() {
    // Given revision 2, rolled back by Governor to 1: revision 1's ReplicaSet becomes revision 3,
    // and the Deployment says Governor restored revision 1
    Rollout before = rollout(2, 1L, complete(3, 2), "50");
    Rollout restored = restored(1L, 1L);

    // When
    List<Announcement> due = events.between(before, restored, NOW);

    // Then judging it as new would make revision 2, the bad one, the one to go back to
    assertThat(kinds(due)).containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE);
  }

  @Test
  void anOldTemplateRedeployedByAPipelineIsANewRevision() {
    // Given revision 2, then a pipeline applies revision 1's template again: the controller
    // renumbers revision 1's ReplicaSet to 3, but Governor did not roll anything back
    Rollout before = rollout(2, 1L, complete(3, 2), "50");
    Rollout redeployed = restored(1L, null);

    // When
    List<Announcement> due = events.between(before, redeployed, NOW);

    // Then it is judged like any new revision, against the one it replaced
    assertThat(kinds(due))
        .containsExactly(DeploymentEventKind.NEW_REVISION, DeploymentEventKind.ROLLOUT_COMPLETE);
    assertThat(due.get(0).event().revision()).isEqualTo("3");
    assertThat(due.get(0).event().previousRevision()).isEqualTo("2");
  }

  @Test
  void anEarlierRollbackOfGovernorsDoesNotHideALaterRedeployOfAnotherRevision() {
    // Given Governor once restored revision 7, and a pipeline now redeploys revision 1's template
    Rollout before = rollout(2, 1L, complete(3, 2), "50");
    Rollout redeployed = restored(1L, 7L);

    // Then the stale annotation does not name the restored ReplicaSet's former revision
    assertThat(kinds(events.between(before, redeployed, NOW)))
        .containsExactly(DeploymentEventKind.NEW_REVISION, DeploymentEventKind.ROLLOUT_COMPLETE);
  }

  /** Revision 1's ReplicaSet renumbered to 3 after revision 2. */
  static Rollout restored(Long restoredFrom, Long rolledBackTo) {
    return new Rollout(
        CHECKOUT,
        "55",
        Map.of(),
        new Rollout.Revision(3, "ghcr.io/governor-demo/checkout:r1", null, NOW, restoredFrom),
        2L,
        complete(3, 3),
        rolledBackTo);
  }

  static Rollout.Progress complete(int replicas, long generation) {
    return new Rollout.Progress(
        generation, generation, replicas, replicas, replicas, replicas, false);
  }

  static Rollout.Progress rolling(
      int desired, long generation, int updated, int available, int total) {
    return new Rollout.Progress(generation, generation, desired, total, updated, available, false);
  }

  static Rollout rollout(
      long revision, Long previous, Rollout.Progress progress, String resourceVersion) {
    return rollout(revision, previous, progress, resourceVersion, NOW.minusSeconds(10));
  }

  static Rollout rollout(long revision, Long previous, Rollout.Progress progress, Instant since) {
    return rollout(revision, previous, progress, "1", since);
  }

  static Rollout rollout(
      long revision,
      Long previous,
      Rollout.Progress progress,
      String resourceVersion,
      Instant since) {
    return new Rollout(
        CHECKOUT,
        resourceVersion,
        Map.of("app", "checkout"),
        new Rollout.Revision(
            revision,
            "ghcr.io/governor-demo/checkout:r" + revision,
            "deploy r" + revision,
            since,
            null),
        previous,
        progress,
        null);
  }

  static List<DeploymentEventKind> kinds(List<Announcement> due) {
    return due.stream().map(a -> a.event().kind()).toList();
  }
}

package io.governor.ingest.watch;

import static io.governor.ingest.watch.RolloutEventsTest.NOW;
import static io.governor.ingest.watch.RolloutEventsTest.complete;
import static io.governor.ingest.watch.RolloutEventsTest.rolling;
import static io.governor.ingest.watch.RolloutEventsTest.rollout;
import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.failure.Retrying;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutAnnouncerTest {

  private static final String ANNOUNCED = "announced";

  private final Memory memory = new Memory("instance-a");
  private final Kafka kafka = new Kafka();
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<String> gaveUp = new ArrayList<>();

  private final Rollout revision1 = rollout(1, null, complete(3, 1), "10");
  private final Rollout revision2 = rollout(2, 1L, rolling(3, 2, 1, 3, 4), "11");

  @Test
  void eachDueEventIsPublishedOnceAndRememberedOnlyAfterKafkaHasIt() {
    // Given an announcer that has seen revision 1
    RolloutAnnouncer announcer = announcer(memory);
    announcer.onRollout(revision1, NOW);
    kafka.published.clear();
    // Kafka checks, as it takes the record, that the memory does not yet call it announced
    kafka.onPublish = a -> assertThat(memory.values.get(a.key())).isNotEqualTo(ANNOUNCED);

    // When revision 2 appears
    boolean done = announcer.onRollout(revision2, NOW);

    // Then
    assertThat(done).isTrue();
    assertThat(kafka.kinds()).containsExactly(DeploymentEventKind.NEW_REVISION);
    assertThat(memory.values).containsEntry("shop/Deployment/checkout|2|NEW_REVISION", ANNOUNCED);
    assertThat(announcer.handled(revision2.workload())).contains(revision2);
    // And looking again (a resync) publishes nothing
    assertThat(announcer.onRollout(revision2, NOW)).isTrue();
    assertThat(kafka.published).hasSize(1);
  }

  @Test
  void aRestartPublishesNothingThatWasAnnouncedBefore() {
    // Given revision 2 announced and complete
    RolloutAnnouncer before = announcer(memory);
    before.onRollout(revision1, NOW);
    before.onRollout(revision2, NOW);
    Rollout complete = rollout(2, 1L, complete(3, 2), "12");
    before.onRollout(complete, NOW);
    assertThat(kafka.kinds())
        .containsExactly(
            DeploymentEventKind.ROLLOUT_COMPLETE, // revision 1, on first sight
            DeploymentEventKind.NEW_REVISION,
            DeploymentEventKind.ROLLOUT_COMPLETE);

    // When a new announcer (a restart, or a second instance) sees it for the first time
    RolloutAnnouncer after = announcer(memory);
    boolean done = after.onRollout(complete, NOW);

    // Then nothing is published again
    assertThat(done).isTrue();
    assertThat(kafka.published).hasSize(3);
    assertThat(after.handled(complete.workload())).contains(complete);
  }

  @Test
  void aPublishThatKeepsFailingIsReleasedAndTriedAgainOnTheNextLook() {
    // Given Kafka away for longer than the retries last
    RolloutAnnouncer announcer = announcer(memory);
    announcer.onRollout(revision1, NOW);
    kafka.failuresLeft = 3;

    // When revision 2 appears
    boolean done = announcer.onRollout(revision2, NOW);

    // Then it is not published, the claim is given up, and revision 1 is still what was handled
    assertThat(done).isFalse();
    assertThat(gaveUp).containsExactly("shop/Deployment/checkout|2|NEW_REVISION");
    assertThat(memory.values).doesNotContainKey("shop/Deployment/checkout|2|NEW_REVISION");
    assertThat(announcer.handled(revision2.workload())).contains(revision1);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

    // When Kafka is back and the Deployment is looked at again (a resync)
    kafka.failuresLeft = 0;
    assertThat(announcer.onRollout(revision2, NOW)).isTrue();

    // Then the same change is announced
    assertThat(kafka.kinds())
        .containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE, DeploymentEventKind.NEW_REVISION);
  }

  @Test
  void aFailureThatPassesIsRetriedWithBackoff() {
    RolloutAnnouncer announcer = announcer(memory);
    announcer.onRollout(revision1, NOW);
    kafka.failuresLeft = 1;

    assertThat(announcer.onRollout(revision2, NOW)).isTrue();

    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    assertThat(kafka.kinds())
        .containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE, DeploymentEventKind.NEW_REVISION);
  }

  @Test
  void anAnnouncementAnotherInstanceIsPublishingIsLeftToItAndLookedAtAgain() {
    // Given another instance holds the claim on revision 2's announcement
    RolloutAnnouncer announcer = announcer(memory);
    announcer.onRollout(revision1, NOW);
    memory.values.put("shop/Deployment/checkout|2|NEW_REVISION", "instance-b");

    // When this one sees revision 2
    assertThat(announcer.onRollout(revision2, NOW)).isFalse();

    // Then it publishes nothing, and looks again later
    assertThat(kafka.kinds()).containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE);
    assertThat(announcer.handled(revision2.workload())).contains(revision1);
    // When the other instance has announced it
    memory.values.put("shop/Deployment/checkout|2|NEW_REVISION", ANNOUNCED);
    // Then the next look moves on without publishing
    assertThat(announcer.onRollout(revision2, NOW)).isTrue();
    assertThat(kafka.published).hasSize(1);
  }

  @Test
  void whenRedisCannotRememberAfterKafkaHasItTheNextLookTriesAgain() {
    // Given Redis fails on every write of "announced"
    RolloutAnnouncer announcer = announcer(memory);
    announcer.onRollout(revision1, NOW);
    memory.failAnnounced = true;

    // When revision 2 appears
    boolean done = announcer.onRollout(revision2, NOW);

    // Then it was published once (never twice in one look), and is not taken as done
    assertThat(done).isFalse();
    assertThat(kafka.kinds())
        .containsExactly(DeploymentEventKind.ROLLOUT_COMPLETE, DeploymentEventKind.NEW_REVISION);
    assertThat(announcer.handled(revision2.workload())).contains(revision1);
  }

  private RolloutAnnouncer announcer(Memory memory) {
    return new RolloutAnnouncer(
        new RolloutEvents(Duration.ofMinutes(30)),
        memory,
        kafka,
        new Retrying.Policy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
        sleeps::add,
        new RolloutAnnouncer.Listener() {
          @Override
          public void published(Announcement announcement) {}

          @Override
          public void alreadyAnnounced(Announcement announcement) {}

          @Override
          public void claimedElsewhere(Announcement announcement) {}

          @Override
          public void retrying(
              Announcement announcement, int attempt, Duration delay, RuntimeException failure) {}

          @Override
          public void gaveUp(Announcement announcement, RuntimeException failure) {
            gaveUp.add(announcement.key());
          }
        });
  }

  /** Redis as the announcer uses it: a value per key. */
  static final class Memory implements AnnouncementMemory {
    final Map<String, String> values = new HashMap<>();
    final String token;
    boolean failAnnounced;

    Memory(String token) {
      this.token = token;
    }

    @Override
    public Claim claim(String key) {
      String holder = values.putIfAbsent(key, token);
      if (holder == null || holder.equals(token)) {
        return Claim.CLAIMED;
      }
      return ANNOUNCED.equals(holder) ? Claim.ANNOUNCED : Claim.BUSY;
    }

    @Override
    public void announced(String key) {
      if (failAnnounced) {
        throw new WatchUnavailableException(
            WatchUnavailableException.Reason.REDIS, "Redis away", null);
      }
      values.put(key, ANNOUNCED);
    }

    @Override
    public void release(String key) {
      values.remove(key, token);
    }
  }

  /** Kafka that may fail a number of times before it takes records again. */
  static final class Kafka implements RolloutAnnouncer.Publisher {
    final List<Announcement> published = new ArrayList<>();
    int failuresLeft;
    java.util.function.Consumer<Announcement> onPublish = a -> {};

    @Override
    public void publish(Announcement announcement) {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new WatchUnavailableException(
            WatchUnavailableException.Reason.KAFKA, "no broker", null);
      }
      onPublish.accept(announcement);
      published.add(announcement);
    }

    List<DeploymentEventKind> kinds() {
      return published.stream().map(a -> a.event().kind()).toList();
    }
  }
}

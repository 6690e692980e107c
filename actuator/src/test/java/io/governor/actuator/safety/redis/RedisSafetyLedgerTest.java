package io.governor.actuator.safety.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.governor.actuator.safety.SafetyLedger;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The safety limits' state in a real Redis, shared by instances racing on it. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class RedisSafetyLedgerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);

  @Inject RedisDataSource redis;

  private String breakerKey;
  private RedisSafetyLedger ledger;

  @BeforeEach
  void ownKeys() {
    String test = UUID.randomUUID().toString();
    breakerKey = "governor:test:breaker:" + test;
    ledger = new RedisSafetyLedger(redis, "governor:test:cooldown:" + test + ":", breakerKey);
  }

  @Test
  void ofTwentyInstancesRacingForFivePlacesExactlyFiveGetOne() throws Exception {
    // Given 20 instances, each with a rollback, released at the same moment
    int racers = 20;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<SafetyLedger.Admission>> answers = new ArrayList<>();

    // When each asks the breaker, which allows 5 in the window
    try {
      for (int i = 0; i < racers; i++) {
        String decision = "d-" + i;
        RedisSafetyLedger instance = new RedisSafetyLedger(redis, "unused:", breakerKey);
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return instance.admitRollback(decision, NOW, WINDOW, 5);
                }));
      }
      long admitted = 0;
      for (Future<SafetyLedger.Admission> answer : answers) {
        admitted += answer.get().admitted() ? 1 : 0;
      }

      // Then exactly 5 are admitted, and 5 are counted
      assertThat(admitted).isEqualTo(5);
      assertThat(redis.sortedSet(String.class).zcard(breakerKey)).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ofTwentyInstancesRacingForOneWorkloadsCooldownExactlyOneTakesIt() throws Exception {
    // Given 20 instances, each with a rollback of checkout, released at the same moment
    int racers = 20;
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    String prefix = "governor:test:cooldown:" + UUID.randomUUID() + ":";
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<SafetyLedger.Reservation>> answers = new ArrayList<>();

    // When each takes the cooldown at its check
    try {
      for (int i = 0; i < racers; i++) {
        String decision = "d-" + i;
        RedisSafetyLedger instance = new RedisSafetyLedger(redis, prefix, "unused");
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return instance.reserveCooldown(
                      checkout,
                      DecisionType.ROLLBACK,
                      new SafetyLedger.Applied(decision, NOW),
                      Duration.ofMinutes(10));
                }));
      }
      List<SafetyLedger.Reservation> reservations = new ArrayList<>();
      for (Future<SafetyLedger.Reservation> answer : answers) {
        reservations.add(answer.get());
      }

      // Then exactly one passes, and the others are told which decision holds it
      assertThat(reservations).filteredOn(SafetyLedger.Reservation::reserved).hasSize(1);
      String holder =
          new RedisSafetyLedger(redis, prefix, "unused")
              .lastApplied(checkout, DecisionType.ROLLBACK)
              .orElseThrow()
              .decisionId();
      assertThat(reservations)
          .filteredOn(reservation -> !reservation.reserved())
          .allSatisfy(
              reservation ->
                  assertThat(reservation.holder().orElseThrow().decisionId()).isEqualTo(holder));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTakenCooldownIsGivenBackOnlyByItsHolderAndIsItsHoldersOnARetry() {
    // Given d-1 took checkout's cooldown
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    Duration cooldown = Duration.ofMinutes(10);
    ledger.reserveCooldown(
        checkout, DecisionType.ROLLBACK, new SafetyLedger.Applied("d-1", NOW), cooldown);

    // Then a retry of d-1 finds it its own, taken earlier
    assertThat(
            ledger.reserveCooldown(
                checkout, DecisionType.ROLLBACK, new SafetyLedger.Applied("d-1", NOW), cooldown))
        .isEqualTo(new SafetyLedger.Reservation(true, true, java.util.Optional.empty()));
    // And d-2 cannot give it back
    ledger.releaseCooldown(checkout, DecisionType.ROLLBACK, "d-2");
    assertThat(ledger.lastApplied(checkout, DecisionType.ROLLBACK)).isPresent();
    // And d-1 can
    ledger.releaseCooldown(checkout, DecisionType.ROLLBACK, "d-1");
    assertThat(ledger.lastApplied(checkout, DecisionType.ROLLBACK)).isEmpty();
  }

  @Test
  void aFullBreakerSaysHowManyAndSinceWhen() {
    // Given two rollbacks, at 10:00 and 10:01, with room for two
    ledger.admitRollback("a", NOW, WINDOW, 2);
    ledger.admitRollback("b", NOW.plusSeconds(60), WINDOW, 2);

    // When a third asks at 10:02
    SafetyLedger.Admission third = ledger.admitRollback("c", NOW.plusSeconds(120), WINDOW, 2);

    // Then
    assertThat(third).isEqualTo(new SafetyLedger.Admission(false, 2, NOW));
    // And one already counted is admitted again, as a retry of it would be, saying so
    assertThat(ledger.admitRollback("b", NOW.plusSeconds(120), WINDOW, 2))
        .isEqualTo(new SafetyLedger.Admission(true, 2, NOW, true));
  }

  @Test
  void aRollbackLeavesTheWindowAndAWithdrawnOneFreesItsPlace() {
    // Given one place, taken at 10:00
    ledger.admitRollback("a", NOW, WINDOW, 1);

    // Then at 10:10 it has left the window
    assertThat(ledger.admitRollback("b", NOW.plus(WINDOW), WINDOW, 1).admitted()).isTrue();
    // And once b is withdrawn, c gets the place at once
    ledger.withdrawRollback("b");
    assertThat(ledger.admitRollback("c", NOW.plus(WINDOW), WINDOW, 1))
        .isEqualTo(new SafetyLedger.Admission(true, 1, NOW.plus(WINDOW)));
  }

  @Test
  void aCooldownStampIsReadBackByTypeAndExpiresWithTheCooldown() {
    // Given a rollback of checkout stamped for 2 s (long enough to outlast a pause of this JVM,
    // which also runs Kafka, between the stamp and the reads)
    WorkloadId checkout = WorkloadId.parse("shop/Deployment/checkout");
    ledger.stampApplied(
        checkout,
        DecisionType.ROLLBACK,
        new SafetyLedger.Applied("d-1", NOW),
        Duration.ofSeconds(2));

    // Then it is read back for rollbacks only
    assertThat(ledger.lastApplied(checkout, DecisionType.ROLLBACK))
        .contains(new SafetyLedger.Applied("d-1", NOW));
    assertThat(ledger.lastApplied(checkout, DecisionType.SCALE)).isEmpty();
    // And Redis forgets it when the cooldown is over
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ledger.lastApplied(checkout, DecisionType.ROLLBACK).isEmpty());
  }
}

package io.governor.actuator.decisions.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.DecisionMemory;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Claims on decisions in a real Redis, by instances racing for them. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class HandledDecisionsTest {

  @Inject RedisDataSource redis;
  @Inject ActuatorConfig config;

  @Test
  void ofTenInstancesClaimingOneDecisionAtOnceExactlyOneHoldsIt() throws Exception {
    // Given ten instances released at the same moment on one decision
    String decision = UUID.randomUUID().toString();
    int racers = 10;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<DecisionMemory.Claim>> claims = new ArrayList<>();
    try {
      // When each claims it
      for (int i = 0; i < racers; i++) {
        HandledDecisions instance = instance("actuator-" + i);
        claims.add(
            pool.submit(
                () -> {
                  start.await();
                  return instance.claim(decision);
                }));
      }
      List<DecisionMemory.Claim> answers = new ArrayList<>();
      for (Future<DecisionMemory.Claim> claim : claims) {
        answers.add(claim.get());
      }

      // Then one is granted, and the nine others see it held
      assertThat(answers).filteredOn(DecisionMemory.Granted.class::isInstance).hasSize(1);
      assertThat(answers).filteredOn(DecisionMemory.HeldElsewhere.class::isInstance).hasSize(9);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aResultReplacesTheClaimAndOnlyTheHolderCanRelease() {
    // Given a decision claimed by a
    String decision = UUID.randomUUID().toString();
    HandledDecisions a = instance("actuator-a");
    HandledDecisions b = instance("actuator-b");
    assertThat(a.claim(decision)).isEqualTo(new DecisionMemory.Granted());

    // When b tries to release it, it stays a's
    b.release(decision);
    assertThat(b.claim(decision))
        .isInstanceOfSatisfying(
            DecisionMemory.HeldElsewhere.class,
            held -> assertThat(held.holder()).isEqualTo("actuator-a"));
    // And a claims it again, as its own retry would
    assertThat(a.claim(decision)).isEqualTo(new DecisionMemory.Granted());

    // When a remembers the result
    ActionResult result = result(decision);
    a.remember(result, true);

    // Then everyone finds the result, and a release no longer removes it
    a.release(decision);
    assertThat(b.claim(decision)).isEqualTo(new DecisionMemory.Handled(result, true));
  }

  @Test
  void aReleasedClaimCanBeTakenByAnother() {
    // Given a decision a claimed and gave back
    String decision = UUID.randomUUID().toString();
    HandledDecisions a = instance("actuator-a");
    a.claim(decision);
    a.release(decision);

    // Then b may claim it
    assertThat(instance("actuator-b").claim(decision)).isEqualTo(new DecisionMemory.Granted());
  }

  @Test
  void aClaimAfterAnAttemptThatWasApplyingSaysSoToAnyInstance() {
    // Given a marked the decision applying, and died holding its claim, which then expired
    String decision = UUID.randomUUID().toString();
    HandledDecisions a = instance("actuator-a");
    a.claim(decision);
    a.markApplying(decision);
    a.release(decision);

    // Then b's claim is granted, with the news that the change may be in place
    assertThat(instance("actuator-b").claim(decision)).isEqualTo(new DecisionMemory.Granted(true));
  }

  private HandledDecisions instance(String name) {
    return new HandledDecisions(redis, config, Clock.systemUTC(), name);
  }

  private static ActionResult result(String decision) {
    return new ActionResult(
        decision,
        DecisionType.ROLLBACK,
        WorkloadId.parse("shop/Deployment/checkout"),
        ActionOutcome.APPLIED,
        "restored",
        Map.of("revision", "2"),
        Map.of("revision", "1"),
        false,
        Instant.parse("2026-11-27T10:00:00Z"),
        Instant.parse("2026-11-27T10:00:01Z"));
  }
}

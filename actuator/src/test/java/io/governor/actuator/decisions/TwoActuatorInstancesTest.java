package io.governor.actuator.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.kafka.ActionResultPublisher;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.governor.actuator.rollback.kubernetes.DeploymentRollbacks;
import io.governor.actuator.safety.SafetyGate;
import io.governor.actuator.safety.SafetyLimits;
import io.governor.actuator.safety.kubernetes.KubernetesPauseAnnotations;
import io.governor.actuator.safety.redis.RedisSafetyLedger;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.failure.Retrying;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two actuator instances, each with its own memory of decisions over the one Redis, given the same
 * decisions at the same moment (as a rebalance hands a partition's unacknowledged records to the
 * new owner while the old one still works on them), against one broker and one API server: each
 * decision is acted on once, and the other instance reports it as a repeat.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class TwoActuatorInstancesTest {

  private static final int DECISIONS = 12;

  @Inject KubernetesClient client;
  @Inject RedisDataSource redis;
  @Inject ActuatorConfig config;
  @Inject DeploymentRollbacks rollbacks;
  @Inject KubernetesPauseAnnotations pauses;
  @Inject ActionResultPublisher results;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private final Map<String, AtomicInteger> acted = new ConcurrentHashMap<>();
  private final List<ActionResult> reported = new CopyOnWriteArrayList<>();

  @Test
  void aDecisionDeliveredToBothInstancesAtOnceIsAppliedOnce() throws Exception {
    // Given two instances sharing Redis, the broker and the API server
    String test = UUID.randomUUID().toString();
    DecisionExecutor a = instance("actuator-a", test);
    DecisionExecutor b = instance("actuator-b", test);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Decision> decisions = new ArrayList<>();
    try {
      for (int i = 0; i < DECISIONS; i++) {
        // And a workload at revision 2 whose rollback both are given
        String name = "twin-" + i;
        TestCluster.deployAtRevision2(client, "twins", name);
        Decision decision =
            DecisionTraffic.rollback(WorkloadId.parse("twins/Deployment/" + name), "2", "1");
        decisions.add(decision);

        // When both handle it, released at the same moment
        CyclicBarrier start = new CyclicBarrier(2);
        Future<ActionResult> byA = pool.submit(() -> handle(a, decision, start));
        Future<ActionResult> byB = pool.submit(() -> handle(b, decision, start));

        // Then one applied it and the other found it handled, and it was acted on once
        assertThat(List.of(byA.get().outcome(), byB.get().outcome()))
            .as("outcomes of %s", name)
            .containsExactlyInAnyOrder(ActionOutcome.APPLIED, ActionOutcome.NO_OP);
        assertThat(acted.get(decision.id()).get()).as("actions on %s", name).isEqualTo(1);
        assertThat(TestCluster.image(client, "twins", name))
            .isEqualTo("ghcr.io/governor-demo/" + name + ":1.0");
      }
    } finally {
      pool.shutdownNow();
    }

    // And the actions topic holds one APPLIED result per decision
    try (DecisionTraffic traffic = new DecisionTraffic(bootstrap)) {
      List<ActionResult> published =
          traffic
              .kafka()
              .awaitRecords(
                  Topics.ACTIONS,
                  r -> decisions.stream().anyMatch(d -> r.value().contains(d.id())),
                  2 * DECISIONS,
                  DecisionTraffic.WAIT)
              .stream()
              .map(
                  r ->
                      EventCodec.decode(r.value(), EventTypes.ACTION_RESULT, ActionResult.class)
                          .data())
              .toList();
      for (Decision decision : decisions) {
        assertThat(published)
            .filteredOn(result -> result.decisionId().equals(decision.id()))
            .extracting(ActionResult::outcome)
            .containsExactlyInAnyOrder(ActionOutcome.APPLIED, ActionOutcome.NO_OP);
      }
    }
    assertThat(reported)
        .filteredOn(result -> result.outcome() == ActionOutcome.NO_OP)
        .allSatisfy(result -> assertThat(result.reason()).startsWith("decision already handled"));
  }

  /** What the listener does with a record: the executor, retried while the other holds it. */
  private static ActionResult handle(
      DecisionExecutor instance, Decision decision, CyclicBarrier start) throws Exception {
    start.await();
    return Retrying.call(
        () -> instance.execute(decision),
        new Retrying.Policy(100, Duration.ofMillis(20), Duration.ofMillis(100)),
        failure -> failure instanceof ActuationUnavailableException,
        delay -> Thread.sleep(delay.toMillis()),
        (attempt, delay, failure) -> {});
  }

  private DecisionExecutor instance(String name, String test) {
    Clock clock = Clock.systemUTC();
    SafetyGate gate =
        new SafetyGate(
            new SafetyLimits(
                Duration.ofMinutes(10),
                false,
                Duration.ofMinutes(10),
                Duration.ZERO,
                1000,
                Duration.ofMinutes(10)),
            new RedisSafetyLedger(
                redis,
                "governor:test:" + test + ":cooldown:",
                "governor:test:" + test + ":breaker"),
            pauses,
            clock,
            limit -> {});
    Rollbacks counted =
        decision -> {
          acted.computeIfAbsent(decision.id(), id -> new AtomicInteger()).incrementAndGet();
          return rollbacks.rollback(decision);
        };
    return new DecisionExecutor(
        new HandledDecisions(redis, config, clock, name),
        gate,
        counted,
        decision -> {
          throw new AssertionError("no scale expected");
        },
        result -> {
          results.publish(result);
          reported.add(result);
        },
        result -> {},
        clock);
  }
}

package io.governor.actuator.decisions.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.governor.actuator.DecisionTraffic;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.governor.testsupport.Scrape;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A decision another instance claimed and never settled (it died holding it) is asked about again
 * until its time-to-live, however few retries are configured, and then reported FAILED "expired":
 * it is never left without a result.
 */
@QuarkusTest
@TestProfile(ClaimedByADeadInstanceTest.ShortLifeLongClaims.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ClaimedByADeadInstanceTest {

  /** A time-to-live of 4 s, retries used up well within it, and claims that outlive it. */
  public static class ShortLifeLongClaims implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.actuator.decision-ttl", "PT4S",
          "governor.actuator.claim-timeout", "PT10M",
          "governor.actuator.retry.max-attempts", "3",
          "governor.actuator.retry.first-delay", "PT0.1S",
          "governor.actuator.retry.max-delay", "PT0.2S");
    }
  }

  private static final String EXPIRED = "governor_actuator_safety_stops_total{limit=\"expired\"}";

  @Inject RedisDataSource redis;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "governor.actuator.decision-key-prefix")
  String decisionKeyPrefix;

  @ConfigProperty(name = "mp.messaging.incoming.decisions-in.group.id", defaultValue = "actuator")
  String group;

  private DecisionTraffic traffic;

  @BeforeEach
  void connect() {
    traffic = new DecisionTraffic(bootstrap);
  }

  @AfterEach
  void disconnect() {
    traffic.close();
  }

  @Test
  void aDecisionADeadInstanceHoldsIsReportedExpiredOnceItsTimeToLiveIsOver() {
    // Given the actuator is consuming (a decision about nothing is answered)
    Decision probe = DecisionTraffic.scale(WorkloadId.parse("shop/Deployment/nothing-here"), 1);
    traffic.send(probe);
    traffic.awaitResult(probe.id(), ActionOutcome.REFUSED);
    // And a decision claimed by an instance that died holding it: the claim is never settled
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/orphan"), "2", "1");
    redis
        .value(String.class)
        .set(
            decisionKeyPrefix + decision.id(),
            "{\"claimedBy\":\"actuator-dead\",\"claimedAt\":\"" + Instant.now() + "\"}",
            new SetArgs().px(Duration.ofMinutes(10)));

    // (decisions of earlier tests this app may be given again expire too: count from once the
    // group has handled everything before this decision)
    await()
        .atMost(DecisionTraffic.WAIT)
        .untilAsserted(() -> assertThat(traffic.uncommittedDecisions(group)).isZero());
    double expiredBefore = Scrape.value(EXPIRED);

    // When
    traffic.send(decision);

    // Then it is reported FAILED "expired" once its 4 s are over, naming the holder
    ActionResult failed = traffic.awaitResult(decision.id(), ActionOutcome.FAILED);
    assertThat(failed.reason())
        .startsWith("expired: decided at " + decision.decidedAt())
        .contains("its time-to-live of PT4S ran out")
        .contains("actuator-dead");
    assertThat(failed.completedAt()).isAfter(decision.decidedAt().plus(Duration.ofSeconds(4)));
    // And it counts as an expiry, as one the safety gate stops does
    await()
        .atMost(DecisionTraffic.WAIT)
        .untilAsserted(() -> assertThat(Scrape.value(EXPIRED)).isEqualTo(expiredBefore + 1));
  }
}

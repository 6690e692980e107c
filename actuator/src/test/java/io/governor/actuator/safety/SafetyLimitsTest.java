package io.governor.actuator.safety;

import static io.governor.actuator.DecisionTraffic.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.governor.testsupport.Scrape;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The safety limits from the decisions topic to the cluster, the actions topic, the Kubernetes
 * Events, the metrics and the log: cooldown, breaker, pause annotation and time-to-live, with the
 * defaults but for a breaker of 3 rollbacks counted under a key of this test's own.
 */
@QuarkusTest
@TestProfile(SafetyLimitsTest.SmallBreaker.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class SafetyLimitsTest {

  static final String BREAKER_KEY = "governor:actuator:breaker:safety-limits-test";

  /** A breaker that opens after 3 rollbacks. */
  public static class SmallBreaker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.actuator.breaker.max-rollbacks",
          "3",
          "governor.actuator.breaker.key",
          BREAKER_KEY);
    }
  }

  @Inject KubernetesClient client;
  @Inject RedisDataSource redis;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private DecisionTraffic traffic;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Handler logCapture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logLines.add(
              record instanceof ExtLogRecord ext
                  ? ext.getFormattedMessage()
                  : String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void connect() {
    traffic = new DecisionTraffic(bootstrap);
    // Each test counts its own rollbacks from zero.
    redis.key().del(BREAKER_KEY);
    Logger.getLogger("io.governor.actuator.decisions.kafka").addHandler(logCapture);
  }

  @AfterEach
  void disconnect() {
    Logger.getLogger("io.governor.actuator.decisions.kafka").removeHandler(logCapture);
    traffic.close();
  }

  @Test
  void aSecondRollbackWithinTheCooldownIsRefusedWithWhenItEnds() {
    // Given a rollback of cool applied
    WorkloadId cool = WorkloadId.parse("shop/Deployment/cool");
    TestCluster.deployAtRevision2(client, "shop", "cool");
    Decision first = DecisionTraffic.rollback(cool, "2", "1");
    traffic.send(first);
    ActionResult applied = traffic.awaitResult(first.id(), ActionOutcome.APPLIED);

    // When another rollback of cool arrives at once
    Decision second = DecisionTraffic.rollback(cool, "3", "2");
    traffic.send(second);

    // Then it is refused until 10 minutes after the first, and everything says so
    ActionResult refused = traffic.awaitResult(second.id(), ActionOutcome.REFUSED);
    assertThat(refused.reason())
        .startsWith("cooldown: a rollback of this workload was applied at ")
        .contains("(decision " + first.id() + ")")
        .contains("(cooldown PT10M)");
    Instant endsAt =
        Instant.parse(refused.reason().replaceAll(".* is allowed from (\\S+) \\(cooldown.*", "$1"));
    assertThat(endsAt)
        .isBetween(
            applied.receivedAt().plus(Duration.ofMinutes(10)),
            applied.completedAt().plus(Duration.ofMinutes(10)));
    assertThat(TestCluster.image(client, "shop", "cool"))
        .isEqualTo("ghcr.io/governor-demo/cool:1.0");
    awaitEvent("cool", second.id(), "GovernorRollbackRefused", "cooldown: ");
    awaitLogLine("action REFUSED: decisionId=" + second.id() + " workload=shop/Deployment/cool");
    assertThat(Scrape.value("governor_actuator_safety_stops_total{limit=\"cooldown\"}"))
        .isPositive();
  }

  @Test
  void theBreakerOpensAfterThreeRollbacksAcrossWorkloadsAndRefusesTheFourth() {
    // Given three workloads rolled back
    for (String name : List.of("fleet-a", "fleet-b", "fleet-c")) {
      TestCluster.deployAtRevision2(client, "shop", name);
      Decision decision =
          DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/" + name), "2", "1");
      traffic.send(decision);
      traffic.awaitResult(decision.id(), ActionOutcome.APPLIED);
    }

    // When a fourth workload's rollback arrives
    TestCluster.deployAtRevision2(client, "shop", "fleet-d");
    Decision fourth =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/fleet-d"), "2", "1");
    traffic.send(fourth);

    // Then it is refused, nothing changes, and the breaker shows open
    ActionResult refused = traffic.awaitResult(fourth.id(), ActionOutcome.REFUSED);
    assertThat(refused.reason())
        .startsWith(
            "fleet-wide breaker open: 3 rollbacks were applied across the cluster in the last"
                + " PT10M, the most allowed (governor.actuator.breaker.max-rollbacks=3);"
                + " rollbacks are refused until ");
    assertThat(TestCluster.image(client, "shop", "fleet-d"))
        .isEqualTo("ghcr.io/governor-demo/fleet-d:1.1");
    Event event = awaitEvent("fleet-d", fourth.id(), "GovernorRollbackRefused", "breaker open");
    assertThat(event.getType()).isEqualTo("Warning");
    given().get("/q/metrics").then().body(containsString("governor_actuator_breaker_open 1.0"));
    assertThat(Scrape.value("governor_actuator_safety_stops_total{limit=\"breaker\"}"))
        .isPositive();
    assertThat(
            Scrape.value("governor_actuator_actions_total{outcome=\"REFUSED\",type=\"ROLLBACK\"}"))
        .isPositive();
    awaitLogLine("action REFUSED: decisionId=" + fourth.id());
    assertThat(redis.sortedSet(String.class).zcard(BREAKER_KEY)).isEqualTo(3);
  }

  @Test
  void aPauseAnnotationOnTheWorkloadRefusesItsRollback() {
    // Given held, annotated governor.io/paused=true
    TestCluster.deployAtRevision2(client, "shop", "held", Map.of("governor.io/paused", "true"));
    Decision decision =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/held"), "2", "1");

    // When
    traffic.send(decision);

    // Then
    ActionResult refused = traffic.awaitResult(decision.id(), ActionOutcome.REFUSED);
    assertThat(refused.reason())
        .isEqualTo(
            "paused by annotation governor.io/paused=true on the Deployment shop/held; nothing was"
                + " changed");
    assertThat(TestCluster.image(client, "shop", "held"))
        .isEqualTo("ghcr.io/governor-demo/held:1.1");
    awaitEvent("held", decision.id(), "GovernorRollbackRefused", "paused by annotation");
    assertThat(redis.sortedSet(String.class).zcard(BREAKER_KEY)).isZero();
  }

  @Test
  void aPauseAnnotationOnTheNamespaceRefusesRollbacksAndScalesInIt() {
    // Given the namespace frozen, annotated governor.io/paused=true, with a Deployment in it
    TestCluster.namespace(client, "frozen", Map.of("governor.io/paused", "true"));
    TestCluster.deployAtRevision2(client, "frozen", "web");
    WorkloadId web = WorkloadId.parse("frozen/Deployment/web");
    Decision rollback = DecisionTraffic.rollback(web, "2", "1");
    Decision scale = DecisionTraffic.scale(web, 6);

    // When
    traffic.send(rollback);
    traffic.send(scale);

    // Then both are refused, naming the namespace, and the Deployment is as it was
    String reason =
        "paused by annotation governor.io/paused=true on the Namespace frozen; nothing was changed";
    assertThat(traffic.awaitResult(rollback.id(), ActionOutcome.REFUSED).reason())
        .isEqualTo(reason);
    assertThat(traffic.awaitResult(scale.id(), ActionOutcome.REFUSED).reason()).isEqualTo(reason);
    assertThat(TestCluster.image(client, "frozen", "web"))
        .isEqualTo("ghcr.io/governor-demo/web:1.1");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("frozen")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    awaitEvent("web", scale.id(), "GovernorScaleRefused", "on the Namespace frozen");
  }

  @Test
  void aDecisionOlderThanItsTimeToLiveIsReportedFailedExpired() {
    // Given a rollback decided 11 minutes ago (the time-to-live is 10)
    TestCluster.deployAtRevision2(client, "shop", "late");
    Decision decision =
        DecisionTraffic.rollback(
            WorkloadId.parse("shop/Deployment/late"),
            "2",
            "1",
            false,
            Instant.now().minus(Duration.ofMinutes(11)));

    // When
    traffic.send(decision);

    // Then
    ActionResult failed = traffic.awaitResult(decision.id(), ActionOutcome.FAILED);
    assertThat(failed.reason())
        .startsWith("expired: decided at " + decision.decidedAt())
        .contains("its time-to-live of PT10M ran out at")
        .endsWith("nothing was changed");
    assertThat(TestCluster.image(client, "shop", "late"))
        .isEqualTo("ghcr.io/governor-demo/late:1.1");
    awaitEvent("late", decision.id(), "GovernorRollbackFailed", "expired: ");
    assertThat(Scrape.value("governor_actuator_safety_stops_total{limit=\"expired\"}"))
        .isPositive();
  }

  private Event awaitEvent(String workload, String decisionId, String reason, String message) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inAnyNamespace().list().getItems().stream()
                    .filter(event -> workload.equals(event.getInvolvedObject().getName()))
                    .filter(event -> reason.equals(event.getReason()))
                    .filter(event -> event.getMessage().contains(decisionId))
                    .filter(event -> event.getMessage().contains(message))
                    .findFirst()
                    .orElse(null),
            event -> event != null);
  }

  private void awaitLogLine(String start) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith(start)));
  }
}

package io.governor.actuator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outcomes posted to a Slack-compatible webhook, when one is configured. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(WebhookReceiver.class)
class WebhookNotificationTest {

  @Inject KubernetesClient client;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  /** What the webhook received, filled by {@link WebhookReceiver}. */
  BlockingQueue<String> webhookBodies;

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
  void anAppliedRollbackAndARefusalArePostedAsText() throws Exception {
    // Given told-a at revision 2, and told-b paused by annotation
    TestCluster.deployAtRevision2(client, "shop", "told-a");
    TestCluster.deployAtRevision2(client, "shop", "told-b", Map.of("governor.io/paused", "true"));
    Decision applied =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/told-a"), "2", "1");
    Decision refused =
        DecisionTraffic.rollback(WorkloadId.parse("shop/Deployment/told-b"), "2", "1");

    // When
    traffic.send(applied);
    traffic.awaitResult(applied.id(), ActionOutcome.APPLIED);
    traffic.send(refused);
    traffic.awaitResult(refused.id(), ActionOutcome.REFUSED);

    // Then the webhook got one {"text": ...} per outcome, in order
    assertThat(text(webhookBodies.poll(30, TimeUnit.SECONDS)))
        .isEqualTo(
            "Governor APPLIED: rollback of shop/Deployment/told-a: restored the pod template of"
                + " revision 1 (revision 2 failed) [decision "
                + applied.id()
                + "]");
    assertThat(text(webhookBodies.poll(30, TimeUnit.SECONDS)))
        .isEqualTo(
            "Governor REFUSED: rollback of shop/Deployment/told-b: paused by annotation"
                + " governor.io/paused=true on the Deployment shop/told-b; nothing was changed"
                + " [decision "
                + refused.id()
                + "]");
  }

  @Test
  void aNoOpIsNotPosted() throws Exception {
    // Given a scale to the count told-c already has
    TestCluster.deployAtRevision2(client, "shop", "told-c");
    Decision same = DecisionTraffic.scale(WorkloadId.parse("shop/Deployment/told-c"), 3);
    Decision more = DecisionTraffic.scale(WorkloadId.parse("shop/Deployment/told-c"), 4);

    // When it arrives, and a real scale after it
    traffic.send(same);
    traffic.awaitResult(same.id(), ActionOutcome.NO_OP);
    traffic.send(more);
    traffic.awaitResult(more.id(), ActionOutcome.APPLIED);

    // Then only the scale was posted
    assertThat(text(webhookBodies.poll(30, TimeUnit.SECONDS)))
        .startsWith("Governor APPLIED: scale of shop/Deployment/told-c: scaled the Deployment")
        .endsWith("[decision " + more.id() + "]");
  }

  private static String text(String body) throws Exception {
    assertThat(body).as("a POST to the webhook").isNotNull();
    JsonNode json = EventCodec.mapper().readTree(body);
    assertThat(json.size()).isEqualTo(1);
    return json.path("text").asText();
  }
}

package io.governor.actuator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.DecisionType;
import io.governor.contracts.WorkloadId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  private static final ActionResult REFUSED =
      new ActionResult(
          "d-1",
          DecisionType.ROLLBACK,
          WorkloadId.parse("shop/Deployment/checkout"),
          ActionOutcome.REFUSED,
          "fleet-wide breaker open",
          Map.of(),
          Map.of(),
          false,
          Instant.parse("2026-11-27T10:00:00Z"),
          Instant.parse("2026-11-27T10:00:01Z"));

  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch answer = new CountDownLatch(1);
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    answer.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void anOutcomeIsPostedAsSlackText() throws IOException {
    // Given a webhook that answers at once
    answer.countDown();
    URI url = start();

    // When
    notifier(url).accept(REFUSED);

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(bodies)
                    .containsExactly(
                        "{\"text\":\"Governor REFUSED: rollback of shop/Deployment/checkout:"
                            + " fleet-wide breaker open [decision d-1]\"}"));
    assertThat(failures).isEmpty();
  }

  @Test
  void aSlowWebhookNeitherBlocksTheCallerNorFailsIt() throws IOException {
    // Given a webhook that does not answer before the 500 ms timeout
    URI url = start();

    // When
    long started = System.nanoTime();
    notifier(url).accept(REFUSED);

    // Then the call returned at once, and the timeout is reported as a failure
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(failures).singleElement().asString().contains("timed out"));
  }

  @Test
  void anUnreachableWebhookIsReportedAsAFailure() throws IOException {
    // Given nothing listens on the port
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    // When
    notifier(URI.create("http://127.0.0.1:" + port + "/hook")).accept(REFUSED);

    // Then
    await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() == 1);
  }

  @Test
  void outcomesNotAskedForAreNotSent() throws IOException {
    // Given a notifier for failures only
    answer.countDown();
    URI url = start();
    WebhookNotifier notifier =
        new WebhookNotifier(
            url,
            Duration.ofMillis(500),
            Set.of(ActionOutcome.FAILED),
            (r, why) -> failures.add(why));

    // When a refusal, then a failure, are told
    notifier.accept(REFUSED);
    notifier.accept(
        new ActionResult(
            "d-2",
            DecisionType.SCALE,
            WorkloadId.parse("shop/Deployment/checkout"),
            ActionOutcome.FAILED,
            "expired",
            Map.of(),
            Map.of(),
            true,
            Instant.parse("2026-11-27T10:00:00Z"),
            Instant.parse("2026-11-27T10:00:01Z")));

    // Then only the failure went out
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(bodies)
                    .containsExactly(
                        "{\"text\":\"Governor FAILED (dry-run): scale of"
                            + " shop/Deployment/checkout: expired [decision d-2]\"}"));
  }

  private WebhookNotifier notifier(URI url) {
    return new WebhookNotifier(
        url,
        Duration.ofMillis(500),
        Set.of(ActionOutcome.APPLIED, ActionOutcome.REFUSED, ActionOutcome.FAILED),
        (result, why) -> failures.add(why));
  }

  private URI start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          try {
            answer.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }
}

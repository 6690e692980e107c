package io.governor.actuator.notify;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A tiny local HTTP server standing in for a Slack incoming webhook: it answers 200 and keeps every
 * body POSTed to {@code /hook}, injected into the test's {@code BlockingQueue<String>} field.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

  private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if ("POST".equals(exchange.getRequestMethod())
              && exchange
                  .getRequestHeaders()
                  .getFirst("Content-Type")
                  .startsWith("application/json")) {
            bodies.add(body);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return Map.of(
        "governor.actuator.notify.webhook-url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(bodies, new TestInjector.MatchesType(BlockingQueue.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}

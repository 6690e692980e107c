package io.governor.ingest.remotewrite;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pod's {@code /metrics} for Prometheus to scrape: one counter with the labels Kubernetes service
 * discovery and kube-state-metrics give, growing by 10 at every scrape.
 */
public final class ExpositionEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final List<Long> served = new CopyOnWriteArrayList<>();

  /** Serves {@code http_requests_total} of the given workload and pod-template hash. */
  public ExpositionEndpoint(String namespace, String deployment, String podTemplateHash) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String pod = deployment + "-" + podTemplateHash + "-x7k2p";
    server.createContext(
        "/metrics",
        exchange -> {
          long value;
          synchronized (served) {
            value = 10L * (served.size() + 1);
            served.add(value);
          }
          byte[] body =
              """
              # HELP http_requests_total Requests served.
              # TYPE http_requests_total counter
              http_requests_total{namespace="%s",deployment="%s",pod_template_hash="%s",pod="%s"} %d
              """
                  .formatted(namespace, deployment, podTemplateHash, pod, value)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** {@code 127.0.0.1:<port>}, a scrape target. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The counter's values served so far, in order. */
  public List<Long> served() {
    return List.copyOf(served);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

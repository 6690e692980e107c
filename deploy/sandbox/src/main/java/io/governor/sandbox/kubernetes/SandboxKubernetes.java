package io.governor.sandbox.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;

/**
 * A stand-in Kubernetes API for demos and end-to-end tests: fabric8's mock API server in CRUD mode,
 * over plain HTTP on loopback, plus a {@link DeploymentController} so Deployments roll out.
 */
public final class SandboxKubernetes implements AutoCloseable {

  // The mock web server logs every request at INFO through JUL. Keeping a strong reference makes
  // the quieter level stick whichever logging backend is in place.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  // IPv4 on purpose: "localhost" may resolve to ::1 first, where nothing listens.
  private static final InetAddress LOOPBACK = ipv4Loopback();

  private final KubernetesMockServer server;
  private final String url;
  private final KubernetesClient client;
  private final DeploymentController controller;

  private SandboxKubernetes(KubernetesMockServer server) {
    this.server = server;
    this.url = "http://127.0.0.1:" + server.getPort();
    this.client = clientFor(url);
    this.controller = new DeploymentController(client);
  }

  /**
   * Starts the API server on 127.0.0.1 and its Deployment controller.
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static SandboxKubernetes start(int port) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    // The mixed dispatcher is what fabric8's own CRUD mode uses: a KubernetesCrudDispatcher for
    // resources, plus the canned "/" and "/version" answers the server registers on start.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(LOOPBACK, port);
    SandboxKubernetes sandbox = new SandboxKubernetes(server);
    try {
      sandbox.controller.start();
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
    return sandbox;
  }

  /** The API server's base URL, for example {@code http://127.0.0.1:36789}. */
  public String url() {
    return url;
  }

  /** A client bound to this API server; owned by the sandbox, closed with it. */
  public KubernetesClient client() {
    return client;
  }

  /** A client for the given API server URL that ignores any kubeconfig on the machine. */
  public static KubernetesClient clientFor(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace("default")
            // The mock answers HTTP/1.1 reliably; h2c upgrade attempts only add noise.
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      controller.close();
      client.close();
    } finally {
      server.destroy();
    }
  }
}

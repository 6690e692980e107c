package io.governor.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a loopback port it picks
 * itself, with a configuration written by the test, its data and log in a directory of the test's.
 *
 * <p>Close it before the remote-write receiver stops: Prometheus flushes its queue on shutdown and
 * waits up to a minute for a receiver that is gone.
 *
 * <p>Used by metrics-ingest's remote-write tests and by the sandbox's dashboard test, which loads
 * the alert rules Governor ships.
 */
public final class PrometheusProcess implements AutoCloseable {

  /** What to tell a person who runs the tests without Prometheus. */
  public static final String INSTALL_HINT =
      "this test runs a real Prometheus and the prometheus binary is not on the PATH: install"
          + " Debian's package with `apt-get install -y prometheus` (.ci/run installs it)";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private volatile int port;

  private PrometheusProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The binary on the PATH; fails the test, with how to install it, when there is none. */
  public static Path binary() {
    return binary(System.getenv().getOrDefault("PATH", ""));
  }

  static Path binary(String path) {
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(INSTALL_HINT);
  }

  /**
   * Starts Prometheus with this configuration and waits until it is ready.
   *
   * @param dir where its configuration, data and log go
   */
  public static PrometheusProcess start(String configuration, Path dir) {
    return start(configuration, List.of(), dir);
  }

  /**
   * Starts Prometheus with this configuration and these rule files and waits until it is ready.
   *
   * @param ruleFiles copied beside the configuration under their own file names, which its {@code
   *     rule_files} names (Prometheus resolves them against the configuration's directory)
   * @param dir where its configuration, rules, data and log go
   */
  public static PrometheusProcess start(String configuration, List<Path> ruleFiles, Path dir) {
    Path binary = binary();
    try {
      Files.createDirectories(dir);
      for (Path rules : ruleFiles) {
        Files.copy(rules, dir.resolve(rules.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Path config = Files.writeString(dir.resolve("prometheus.yml"), configuration);
      Path log = dir.resolve("prometheus.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--config.file=" + config,
                      "--web.listen-address=127.0.0.1:0",
                      "--storage.tsdb.path=" + dir.resolve("data"),
                      "--log.level=info"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusProcess prometheus = new PrometheusProcess(process, log);
      prometheus.awaitReady(Duration.ofSeconds(30));
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      if (port == 0) {
        LoggedPort.in(log, LoggedPort.PROMETHEUS).ifPresent(listening -> port = listening);
      }
      if (port != 0 && ready()) {
        return;
      }
      sleep(100);
    }
    close();
    throw new AssertionError("prometheus was not ready within " + timeout + ":\n" + log());
  }

  private boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not answering yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Where its HTTP API answers, e.g. {@code /api/v1/query_range}; known once it is ready. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Prometheus' own log so far, for assertion messages. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops it (SIGTERM, then SIGKILL after 20 s) and waits until it is gone. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

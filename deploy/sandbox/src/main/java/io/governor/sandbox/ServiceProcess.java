package io.governor.sandbox;

import io.governor.testsupport.LoggedPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Governor service, run from its packaged Quarkus app as a child process. */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path log;
  private final Process process;
  // 0 until the service, started on port 0, says in its log which port it took.
  private volatile int port;

  private ServiceProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code java -jar <app>/target/quarkus-app/quarkus-run.jar} with the given environment,
   * its output in {@code logDir/<name>.log}.
   *
   * @param port the HTTP port, or 0 for one the service picks itself and {@link #awaitReady} reads
   *     from its log: tests use 0, as a port picked here could be taken before the service binds it
   */
  public static ServiceProcess start(
      String name, Path root, int port, Map<String, String> env, Path logDir) throws IOException {
    Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the services first (./mvnw package -DskipTests)");
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small heaps and quick JIT: four services share a two-core laptop with the broker.
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new ServiceProcess(name, port, log, builder.start());
  }

  /** Waits until the service answers ready, or fails naming its log. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      if (port == 0) {
        LoggedPort.in(log, LoggedPort.QUARKUS).ifPresent(listening -> port = listening);
      }
      if (port != 0 && ready()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        name + " was not ready within " + timeout + "; see " + log.toAbsolutePath());
  }

  private boolean ready() throws InterruptedException {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  /** Where it answers; known once {@link #awaitReady} has returned. */
  public String url() {
    if (port == 0) {
      throw new IllegalStateException(name + " has not said yet which port it listens on");
    }
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** Stops the service gracefully, then by force, and waits for it and its children to go. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}

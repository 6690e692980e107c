package io.governor.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four Governor services as child processes, started together and stopped together. */
public final class GovernorServices implements AutoCloseable {

  /** The services in the order they start, with their default ports. */
  public static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

  private final Map<String, ServiceProcess> running = new LinkedHashMap<>();

  private static Map<String, Integer> defaultPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("metrics-ingest", 8081);
    ports.put("policy-engine", 8082);
    ports.put("actuator", 8083);
    ports.put("scheduler", 8084);
    return ports;
  }

  /**
   * Starts all four and waits until each is ready. Each process is known to {@link #close()} from
   * the moment it starts, so a stop during start-up leaves none behind.
   *
   * @param ports the port of each service, by name; 0 for a free one the service picks itself
   * @param extraEnv environment for every service beyond the infrastructure's
   * @param serviceEnv environment for one service only, by name (a secret only it needs)
   */
  public void start(
      Path root,
      Map<String, Integer> ports,
      Map<String, String> infrastructureEnv,
      Map<String, String> extraEnv,
      Map<String, Map<String, String>> serviceEnv,
      Path logDir,
      Narrator narrator)
      throws IOException, InterruptedException {
    try {
      for (Map.Entry<String, Integer> service : ports.entrySet()) {
        Map<String, String> env = new HashMap<>(infrastructureEnv);
        env.putAll(extraEnv);
        env.putAll(serviceEnv.getOrDefault(service.getKey(), Map.of()));
        ServiceProcess process =
            ServiceProcess.start(service.getKey(), root, service.getValue(), env, logDir);
        synchronized (this) {
          running.put(service.getKey(), process);
        }
      }
      for (ServiceProcess service : List.copyOf(running.values())) {
        service.awaitReady(Duration.ofSeconds(120));
        narrator.say(
            service.name(),
            "ready at " + service.url() + " (log: " + relative(service.log()) + ")");
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Path relative(Path file) {
    Path here = Path.of("").toAbsolutePath();
    return file.toAbsolutePath().startsWith(here) ? here.relativize(file.toAbsolutePath()) : file;
  }

  public String url(String service) {
    ServiceProcess process = running.get(service);
    if (process == null) {
      throw new IllegalArgumentException("no service " + service);
    }
    return process.url();
  }

  /** Stops every service, in parallel, and waits until all are gone. */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    List<ServiceProcess> started;
    synchronized (this) {
      started = List.copyOf(running.values());
      running.clear();
    }
    for (ServiceProcess service : started) {
      Thread thread = new Thread(service::close, "stop-" + service.name());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package io.governor.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Governor on one machine: a Kafka broker, a Redis server, a sandbox Kubernetes API with a
 * demo Deployment, and the four services; then plays a bad deploy and narrates the rollback. It
 * keeps running until Ctrl-C, which stops every process it started.
 *
 * <p>Environment variables point the services at real infrastructure instead: {@code
 * KAFKA_BOOTSTRAP_SERVERS}, {@code QUARKUS_REDIS_HOSTS}, {@code KUBERNETES_MASTER} or {@code
 * GOVERNOR_KUBERNETES=kubeconfig}. With a real cluster the demo is not played.
 */
public final class LocalGovernor {

  private LocalGovernor() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception e) {
      System.out.println("Governor stopped: " + e);
      System.out.println("logs: deploy/sandbox/target/logs/");
      // The shutdown hook stops whatever was started.
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("governor.root", ".")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("policy-engine"))) {
      System.err.println("run from the repository root (or set -Dgovernor.root): " + root);
      System.exit(2);
    }
    boolean exitAfterDemo = args.length > 0 && args[0].equals("--exit-after-demo");
    Narrator narrator = new Narrator(System.out, Clock.systemUTC());
    narrator.say("governor", "starting on embedded defaults (Ctrl-C stops everything)");
    Infrastructure infrastructure = new Infrastructure();
    GovernorServices services = new GovernorServices();
    // A token per run for ingest's write endpoints: nothing to configure, nothing committed.
    IngestToken token = IngestToken.generate();
    Path tokenFile = root.resolve("deploy/sandbox/target/ingest-token");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  narrator.say("governor", "stopping");
                  services.close();
                  infrastructure.close();
                  deleteQuietly(tokenFile);
                  narrator.say("governor", "stopped; no process left behind");
                  stopped.countDown();
                }));

    infrastructure.start(System.getenv(), narrator);
    services.start(
        root,
        GovernorServices.DEFAULT_PORTS,
        infrastructure.serviceEnv(),
        Map.of("GOVERNOR_SCHEDULER_TICK_INTERVAL", "5s"),
        Map.of("metrics-ingest", token.ingestEnv(System.getenv())),
        root.resolve("deploy/sandbox/target/logs"),
        narrator);
    token.writeTo(tokenFile);
    narrator.say(
        "metrics-ingest",
        "bearer token of this run in "
            + root.relativize(tokenFile)
            + " (curl -H \"Authorization: Bearer $(cat "
            + root.relativize(tokenFile)
            + ")\" ...)");
    boolean ok = true;
    if (infrastructure.hasSandbox()) {
      GovernorClient client =
          new GovernorClient(
              services.url("metrics-ingest"), services.url("policy-engine"), token.value());
      ok =
          new BadDeployDemo(
                  client,
                  infrastructure.sandboxClient(),
                  infrastructure.bootstrapServers(),
                  narrator,
                  Clock.systemUTC())
              .play(Duration.ofSeconds(60));
      narrator.say(
          "governor",
          ok
              ? "bad deploy rolled back, " + narrator.elapsed().toSeconds() + " s after start"
              : "the demo did not end in a rollback; see the logs in deploy/sandbox/target/logs");
    }
    if (exitAfterDemo) {
      System.exit(ok ? 0 : 1);
    }
    narrator.say(
        "governor",
        "running: policies at "
            + services.url("policy-engine")
            + "/v1/policies, OpenAPI at /q/openapi, metrics at /q/metrics. Ctrl-C stops.");
    stopped.await();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // It is under target/, and the next run replaces it.
    }
  }
}

package io.governor.sandbox;

import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTopicProbe;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Governor as the integration tests run it: the four packaged services on free ports against a real
 * Kafka broker, a real Redis server and the sandbox Kubernetes API, with an ingest token of this
 * run, ticking every second. Closing it stops every process it started.
 */
final class RunningGovernor implements AutoCloseable {

  /** How long a test waits for Governor to decide or act. */
  static final Duration WAIT = Duration.ofSeconds(60);

  final Path root;
  final Infrastructure infrastructure = new Infrastructure();
  final GovernorServices services = new GovernorServices();
  final IngestToken token = IngestToken.generate();
  GovernorClient governor;
  GovernorClient stranger;
  KafkaTopicProbe kafka;

  private RunningGovernor(Path root) {
    this.root = root;
  }

  /**
   * Starts everything; a failure on the way stops what had started.
   *
   * @param logs the folder under deploy/sandbox/target for the services' logs
   */
  static RunningGovernor start(String logs) throws Exception {
    Path root = Path.of(System.getProperty("governor.root", "../..")).toAbsolutePath().normalize();
    RunningGovernor running = new RunningGovernor(root);
    try {
      running.startAll(root.resolve("deploy/sandbox/target").resolve(logs));
      return running;
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
  }

  private void startAll(Path logDir) throws Exception {
    Narrator narrator =
        new Narrator(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    infrastructure.start(Map.of(), narrator);
    // Port 0: each service binds a free port itself, so no other process can take it first.
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String service : GovernorServices.DEFAULT_PORTS.keySet()) {
      ports.put(service, 0);
    }
    services.start(
        root,
        ports,
        infrastructure.serviceEnv(),
        Map.of("GOVERNOR_SCHEDULER_TICK_INTERVAL", "1s"),
        Map.of("metrics-ingest", token.ingestEnv(Map.of())),
        logDir,
        narrator);
    governor =
        new GovernorClient(
            services.url("metrics-ingest"), services.url("policy-engine"), token.value());
    stranger =
        new GovernorClient(services.url("metrics-ingest"), services.url("policy-engine"), null);
    kafka = new KafkaTopicProbe(infrastructure.bootstrapServers());
  }

  /** The decision the engine published about this workload ({@code namespace/Kind/name}). */
  ConsumerRecord<String, String> awaitDecisionRecord(String workload) {
    return kafka.awaitRecord(Topics.DECISIONS, r -> workload.equals(r.key()), WAIT);
  }

  static Decision decisionOf(ConsumerRecord<String, String> record) {
    return EventCodec.decode(record.value(), EventTypes.DECISION, Decision.class).data();
  }

  /** The actuator's result for this decision with this outcome. */
  ActionResult awaitResult(String decisionId, ActionOutcome outcome) {
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(
            Topics.ACTIONS,
            r -> r.value().contains(decisionId) && r.value().contains("\"" + outcome + "\""),
            WAIT);
    return EventCodec.decode(record.value(), EventTypes.ACTION_RESULT, ActionResult.class).data();
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
    services.close();
    infrastructure.close();
  }
}

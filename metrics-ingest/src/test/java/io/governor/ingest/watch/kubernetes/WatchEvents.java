package io.governor.ingest.watch.kubernetes;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTopicProbe;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the deployment events the watch published. */
final class WatchEvents implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final KafkaTopicProbe kafka;

  WatchEvents(String bootstrap) {
    this.kafka = new KafkaTopicProbe(bootstrap);
  }

  /** Waits for the watch's event of that kind and revision; returns its record. */
  ConsumerRecord<String, String> await(String workload, DeploymentEventKind kind, String revision) {
    return kafka.awaitRecord(Topics.DEPLOYMENTS, r -> matches(r, workload, kind, revision), WAIT);
  }

  /** Every event the watch published about the workload so far. */
  List<DeploymentEvent> all(String workload) {
    return kafka.readAll(Topics.DEPLOYMENTS, WAIT).stream()
        .filter(r -> workload.equals(r.key()))
        .map(WatchEvents::decode)
        .map(CloudEvent::data)
        .filter(event -> "watch".equals(event.origin()))
        .toList();
  }

  long count(String workload, DeploymentEventKind kind, String revision) {
    return all(workload).stream()
        .filter(event -> event.kind() == kind && event.revision().equals(revision))
        .count();
  }

  static CloudEvent<DeploymentEvent> decode(ConsumerRecord<String, String> record) {
    return EventCodec.decode(record.value(), EventTypes.DEPLOYMENT, DeploymentEvent.class);
  }

  private static boolean matches(
      ConsumerRecord<String, String> record,
      String workload,
      DeploymentEventKind kind,
      String revision) {
    if (!workload.equals(record.key())) {
      return false;
    }
    DeploymentEvent event = decode(record).data();
    return "watch".equals(event.origin())
        && event.kind() == kind
        && event.revision().equals(revision);
  }

  @Override
  public void close() {
    kafka.close();
  }
}

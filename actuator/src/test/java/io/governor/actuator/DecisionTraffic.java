package io.governor.actuator;

import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionIds;
import io.governor.contracts.DecisionTarget;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaBroker;
import io.governor.testsupport.KafkaTopicProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Decisions onto the decisions topic, and their results off the actions topic, for a test. */
public final class DecisionTraffic implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(30);

  /** How long before its decision a test rollback's first bad sample was taken. */
  public static final Duration FIRST_BAD_SAMPLE_BEFORE_DECISION = Duration.ofSeconds(45);

  private final String bootstrapServers;
  private final KafkaTopicProbe kafka;
  // Only the tests that wait for the group to catch up need one: made on first use, from
  // Awaitility's polling thread, hence the synchronized methods.
  private Admin admin;

  public DecisionTraffic(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.kafka = new KafkaTopicProbe(bootstrapServers);
  }

  public KafkaTopicProbe kafka() {
    return kafka;
  }

  public void send(Decision decision) {
    kafka.send(
        Topics.DECISIONS,
        decision.workload().key(),
        EventCodec.encode(
            CloudEvent.withId(
                decision.id(),
                EventTypes.DECISION,
                "/test",
                decision.workload(),
                decision,
                Clock.systemUTC())));
  }

  /** The first result of the decision with that outcome. */
  public ActionResult awaitResult(String decisionId, ActionOutcome outcome) {
    ConsumerRecord<String, String> record =
        kafka.awaitRecord(
            Topics.ACTIONS,
            r -> r.value().contains(decisionId) && r.value().contains("\"" + outcome + "\""),
            WAIT);
    return EventCodec.decode(record.value(), EventTypes.ACTION_RESULT, ActionResult.class).data();
  }

  public static Decision rollback(WorkloadId workload, String from, String to) {
    return rollback(workload, from, to, false, Instant.now());
  }

  public static Decision rollback(
      WorkloadId workload, String from, String to, boolean dryRun, Instant decidedAt) {
    return new Decision(
        DecisionIds.of(
            DecisionType.ROLLBACK, workload, from, "error-rate", UUID.randomUUID().toString()),
        DecisionType.ROLLBACK,
        workload,
        DecisionTarget.rollback(from, to),
        "error-rate",
        "test",
        List.of(),
        "test-policy",
        1,
        dryRun,
        decidedAt,
        // As the engine names it: the revision's first error, some time before the decision.
        decidedAt.minus(FIRST_BAD_SAMPLE_BEFORE_DECISION));
  }

  public static Decision scale(WorkloadId workload, int replicas) {
    return new Decision(
        DecisionIds.of(
            DecisionType.SCALE, workload, null, "target-tracking", UUID.randomUUID().toString()),
        DecisionType.SCALE,
        workload,
        DecisionTarget.scale(replicas),
        "target-tracking",
        "test",
        List.of(),
        "test-policy",
        1,
        false,
        Instant.now());
  }

  /**
   * Records of the decisions topic the consumer group has not committed yet: 0 once the actuator
   * has handled everything sent to it, by this test or an earlier one.
   */
  public synchronized long uncommittedDecisions(String group)
      throws ExecutionException, InterruptedException {
    if (admin == null) {
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < KafkaBroker.SHARED_PARTITIONS; p++) {
      latest.put(new TopicPartition(Topics.DECISIONS, p), OffsetSpec.latest());
    }
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      lag += end.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    kafka.close();
  }
}

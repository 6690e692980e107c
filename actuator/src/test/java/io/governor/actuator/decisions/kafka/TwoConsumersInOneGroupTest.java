package io.governor.actuator.decisions.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.governor.actuator.DecisionTraffic;
import io.governor.actuator.TestCluster;
import io.governor.actuator.bluegreen.kubernetes.ServiceSelectorSwitches;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.ActuationUnavailableException;
import io.governor.actuator.decisions.DecisionExecutor;
import io.governor.actuator.decisions.RollbacksByKind;
import io.governor.actuator.decisions.kubernetes.WorkloadEvents;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.governor.actuator.rollback.kubernetes.DeploymentRollbacks;
import io.governor.actuator.safety.SafetyGate;
import io.governor.actuator.safety.kubernetes.KubernetesPauseAnnotations;
import io.governor.actuator.safety.redis.RedisSafetyLedger;
import io.governor.actuator.scaling.kubernetes.WorkloadScales;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.failure.Retrying;
import io.governor.testsupport.KafkaBroker;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two actuator instances as Kafka runs them: the application's own listener and a second consumer
 * in its consumer group on the decisions topic, with its own executor wired as the listener wires
 * its own, over the one broker, the one Redis and the one API server. The second instance joins
 * while decisions are in flight and leaves while others are, so partitions move between them twice
 * (a moved partition's uncommitted records are delivered to its new owner, which may find them
 * still being handled by the old one), and some decisions are published twice. Each decision
 * changes its Deployment once and has a single APPLIED result; every other delivery is a NO_OP
 * "decision already handled".
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class TwoConsumersInOneGroupTest {

  private static final int PER_BATCH = 6;
  private static final int REPEATS = 3;
  private static final String NAMESPACE = "twins-kafka";

  @Inject KubernetesClient client;
  @Inject RedisDataSource redis;
  @Inject ActuatorConfig config;
  @Inject DeploymentRollbacks rollbacks;
  @Inject ServiceSelectorSwitches switches;
  @Inject WorkloadScales scales;
  @Inject ActionResultPublisher results;
  @Inject WorkloadEvents events;
  @Inject RedisSafetyLedger ledger;
  @Inject KubernetesPauseAnnotations pauses;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "mp.messaging.incoming.decisions-in.group.id", defaultValue = "actuator")
  String group;

  private final Map<String, AtomicInteger> modified = new ConcurrentHashMap<>();

  @Test
  void decisionsHandledAcrossTwoRebalancesAndRepeatsAreAppliedOnce() throws Exception {
    // Given three batches of workloads at revision 2, each with a rollback to revision 1
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<List<Decision>> batches = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      // (two on each partition of the decisions topic, so each instance has some whatever it owns)
      List<Decision> batch = new ArrayList<>();
      int[] perPartition = new int[KafkaBroker.SHARED_PARTITIONS];
      for (int i = 0; batch.size() < PER_BATCH; i++) {
        WorkloadId workload =
            WorkloadId.parse(NAMESPACE + "/Deployment/twin-" + run + "-" + b + "-" + i);
        int partition = partition(workload);
        if (perPartition[partition] < PER_BATCH / KafkaBroker.SHARED_PARTITIONS) {
          perPartition[partition]++;
          TestCluster.deployAtRevision2(client, NAMESPACE, workload.name());
          batch.add(DecisionTraffic.rollback(workload, "2", "1"));
        }
      }
      batches.add(batch);
    }
    List<Decision> all = batches.stream().flatMap(List::stream).toList();
    Set<String> ours = all.stream().map(Decision::id).collect(Collectors.toSet());
    List<Decision> repeated = new ArrayList<>();
    // And every change the API server makes to them is counted
    try (Watch watch = countModifications();
        DecisionTraffic traffic = new DecisionTraffic(bootstrap);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {

      // When the first batch is published to the application's listener alone
      batches.get(0).forEach(traffic::send);
      // And a second instance joins its consumer group while that batch is in flight
      SecondInstance second = new SecondInstance("actuator-b-" + run, ours);
      Thread thread = new Thread(second, "second-actuator");
      thread.start();
      try {
        await()
            .atMost(DecisionTraffic.WAIT)
            .untilAsserted(
                () -> {
                  ConsumerGroupDescription described =
                      admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                  assertThat(described.state()).isEqualTo(ConsumerGroupState.STABLE);
                  assertThat(described.members())
                      .as("members of consumer group %s", group)
                      .hasSize(2)
                      .allSatisfy(
                          member -> assertThat(member.assignment().topicPartitions()).isNotEmpty());
                  assertThat(second.assigned).isNotEmpty();
                });
        // And the second batch, with repeats of the first, is published to both
        batches.get(1).forEach(traffic::send);
        // (the first batch's decisions on the partitions the second instance now owns: the
        // application handled them, and they come again to the other instance)
        Set<Integer> owned =
            second.assigned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        List<Decision> movedRepeats =
            batches.get(0).stream().filter(d -> owned.contains(partition(d.workload()))).toList();
        repeated.addAll(movedRepeats);
        movedRepeats.forEach(traffic::send);
        // And the second instance leaves once it has handled some of them
        await()
            .atMost(DecisionTraffic.WAIT)
            .untilAsserted(() -> assertThat(second.handled).hasSizeGreaterThan(1));
      } finally {
        second.stop();
        thread.join(DecisionTraffic.WAIT.toMillis());
      }
      assertThat(thread.isAlive()).as("second instance stopped").isFalse();
      // And the third batch, with repeats of the second, goes to the application alone
      batches.get(2).forEach(traffic::send);
      repeated.addAll(batches.get(1).subList(0, REPEATS));
      batches.get(1).subList(0, REPEATS).forEach(traffic::send);

      // Then the consumer group catches up with the decisions topic
      await()
          .atMost(DecisionTraffic.WAIT)
          .untilAsserted(
              () ->
                  assertThat(traffic.uncommittedDecisions(group)).as("lag of %s", group).isZero());
      // And every decision has its APPLIED result, and each repeat its NO_OP
      List<ActionResult> published =
          traffic
              .kafka()
              .awaitRecords(
                  Topics.ACTIONS,
                  r -> ours.stream().anyMatch(id -> r.value().contains(id)),
                  all.size() + repeated.size(),
                  DecisionTraffic.WAIT)
              .stream()
              .map(TwoConsumersInOneGroupTest::decode)
              .toList();
      List<ActionResult> everything =
          traffic.kafka().readAll(Topics.ACTIONS, DecisionTraffic.WAIT).stream()
              .filter(r -> ours.stream().anyMatch(id -> r.value().contains(id)))
              .map(TwoConsumersInOneGroupTest::decode)
              .toList();
      assertThat(everything).hasSizeGreaterThanOrEqualTo(published.size());
      for (Decision decision : all) {
        List<ActionResult> mine =
            everything.stream().filter(r -> r.decisionId().equals(decision.id())).toList();
        assertThat(mine)
            .as("results of %s", decision.workload())
            .filteredOn(r -> r.outcome() == ActionOutcome.APPLIED)
            .hasSize(1);
        assertThat(mine)
            .as("results of %s other than the APPLIED one", decision.workload())
            .filteredOn(r -> r.outcome() != ActionOutcome.APPLIED)
            .allSatisfy(
                r -> {
                  assertThat(r.outcome()).isEqualTo(ActionOutcome.NO_OP);
                  assertThat(r.reason()).startsWith("decision already handled");
                });
      }
      for (Decision decision : repeated) {
        assertThat(everything)
            .as("results of the repeated %s", decision.workload())
            .filteredOn(r -> r.decisionId().equals(decision.id()))
            .hasSizeGreaterThanOrEqualTo(2);
      }
      // And the second instance did handle some of them: two instances took part
      assertThat(second.handled).isNotEmpty();
      // And each Deployment was changed once, back to image 1.0
      for (Decision decision : all) {
        String name = decision.workload().name();
        assertThat(TestCluster.image(client, NAMESPACE, name))
            .isEqualTo("ghcr.io/governor-demo/" + name + ":1.0");
        assertThat(modified.get(name)).as("changes to %s", name).hasValue(1);
      }
    }
  }

  private Watch countModifications() {
    return client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .watch(
            new Watcher<Deployment>() {
              @Override
              public void eventReceived(Action action, Deployment deployment) {
                if (action == Action.MODIFIED) {
                  modified
                      .computeIfAbsent(deployment.getMetadata().getName(), n -> new AtomicInteger())
                      .incrementAndGet();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** The partition the producer's default partitioner gives a workload's decisions. */
  private static int partition(WorkloadId workload) {
    byte[] key = workload.key().getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % KafkaBroker.SHARED_PARTITIONS;
  }

  private KafkaConsumer<String, String> consumer(String groupId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return new KafkaConsumer<>(properties);
  }

  private static ActionResult decode(ConsumerRecord<String, String> record) {
    return EventCodec.decode(record.value(), EventTypes.ACTION_RESULT, ActionResult.class).data();
  }

  /**
   * A second actuator: a consumer in the application's group, committing each record once it is
   * handled, and an executor wired as {@link DecisionListener} wires the application's, with its
   * own name in the shared Redis memory of decisions.
   */
  private final class SecondInstance implements Runnable {

    final List<ActionResult> handled = new CopyOnWriteArrayList<>();
    volatile Set<TopicPartition> assigned = Set.of();
    private final Set<String> ours;
    private final KafkaConsumer<String, String> consumer = consumer(group);
    private final DecisionExecutor executor;
    private volatile boolean stopped;

    SecondInstance(String name, Set<String> ours) {
      this.ours = ours;
      Clock clock = Clock.systemUTC();
      executor =
          new DecisionExecutor(
              new HandledDecisions(redis, config, clock, name),
              new SafetyGate(DecisionListener.limits(config), ledger, pauses, clock, limit -> {}),
              new RollbacksByKind(rollbacks, switches),
              scales,
              results::publish,
              events::record,
              clock);
    }

    @Override
    public void run() {
      try (consumer) {
        consumer.subscribe(
            List.of(Topics.DECISIONS),
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned = Set.of();
              }

              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned = Set.copyOf(partitions);
              }
            });
        while (!stopped) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            Decision decision =
                EventCodec.decode(record.value(), EventTypes.DECISION, Decision.class).data();
            ActionResult result = handle(decision);
            if (ours.contains(decision.id())) {
              handled.add(result);
            }
            consumer.commitSync(
                Map.of(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1)));
          }
        }
      } catch (WakeupException e) {
        // stopped: leaves the group, and its partitions go to the application
      } catch (Exception e) {
        throw new IllegalStateException("the second instance failed", e);
      }
    }

    /** As the listener does: retried while the other instance holds the decision. */
    private ActionResult handle(Decision decision) throws Exception {
      return Retrying.call(
          () -> executor.execute(decision),
          new Retrying.Policy(100, Duration.ofMillis(20), Duration.ofMillis(100)),
          failure -> failure instanceof ActuationUnavailableException,
          delay -> Thread.sleep(delay.toMillis()),
          (attempt, delay, failure) -> {});
    }

    void stop() {
      stopped = true;
      consumer.wakeup();
    }
  }
}

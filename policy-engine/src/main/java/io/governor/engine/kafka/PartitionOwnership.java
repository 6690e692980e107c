package io.governor.engine.kafka;

import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.engine.rollback.kafka.RollbackJudge;
import io.governor.engine.scaling.kafka.ScalingJudge;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * When a partition goes to another instance, the workloads keyed to it are forgotten here: their
 * events now reach the other instance, and state kept here would decide beside it.
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {

  static final String NAME = "governor-engine-partitions";

  private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

  @Inject RollbackJudge rollbacks;
  @Inject ScalingJudge scaling;

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    forget(consumer, partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    forget(consumer, partitions);
  }

  private void forget(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    // The three topics have as many partitions and the range assignor gives partition N of each
    // to one instance, so the metrics topic's partitions stand for all.
    Set<Integer> gone =
        partitions.stream()
            .filter(partition -> partition.topic().equals(Topics.METRICS))
            .map(TopicPartition::partition)
            .collect(Collectors.toSet());
    if (gone.isEmpty()) {
      return;
    }
    int count = consumer.partitionsFor(Topics.METRICS).size();
    rollbacks.drop(workload -> gone.contains(partitionOf(workload, count)));
    scaling.drop(workload -> gone.contains(partitionOf(workload, count)));
    LOG.infof(
        "partitions %s of %s revoked: their workloads are forgotten here", gone, Topics.METRICS);
  }

  /** The partition a workload's records go to, as Kafka's producer picks it for a key. */
  static int partitionOf(WorkloadId workload, int partitions) {
    byte[] key = workload.key().getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}

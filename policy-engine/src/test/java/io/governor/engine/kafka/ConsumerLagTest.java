package io.governor.engine.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  private static final TopicPartition METRICS_0 = new TopicPartition("governor.metrics.v1", 0);
  private static final TopicPartition METRICS_1 = new TopicPartition("governor.metrics.v1", 1);

  @Test
  void theLagIsTheRecordsBetweenThePositionAndTheEndOfEachAssignedPartition() {
    // Given a consumer at offsets 4 and 3 of partitions that end at 10 and 3
    MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    consumer.assign(List.of(METRICS_0, METRICS_1));
    consumer.updateEndOffsets(Map.of(METRICS_0, 10L, METRICS_1, 3L));
    consumer.seek(METRICS_0, 4);
    consumer.seek(METRICS_1, 3);

    // When its lag is read
    Map<TopicPartition, Long> lag = ConsumerLag.read(consumer, Duration.ofSeconds(1));

    // Then 6 records wait in partition 0, none in partition 1
    assertThat(lag).containsExactlyInAnyOrderEntriesOf(Map.of(METRICS_0, 6L, METRICS_1, 0L));
  }

  @Test
  void anUnassignedConsumerHasNoLag() {
    // Given a consumer before its first assignment
    MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    // Then it reports no partition, rather than a lag of 0 for partitions it does not read
    assertThat(ConsumerLag.read(consumer, Duration.ofSeconds(1))).isEmpty();
  }
}

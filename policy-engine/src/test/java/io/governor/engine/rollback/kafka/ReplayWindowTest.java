package io.governor.engine.rollback.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.testsupport.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Against a real broker: a consumer that starts at the end reads the window again. */
class ReplayWindowTest {

  @Test
  void aNewlyAssignedPartitionIsReadAgainFromTheStartOfTheWindow() throws Exception {
    // Given a partition holding an old event, two recent ones, and a consumer at its end
    KafkaBroker broker = KafkaBroker.shared();
    String topic = "replay-" + UUID.randomUUID();
    broker.createTopics(List.of(topic), 1);
    Instant now = Instant.now();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
      producer.send(record(topic, "two hours ago", now.minus(Duration.ofHours(2)))).get();
      producer.send(record(topic, "ten minutes ago", now.minus(Duration.ofMinutes(10)))).get();
      producer.send(record(topic, "a minute ago", now.minus(Duration.ofMinutes(1)))).get();
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()))) {
      consumer.assign(List.of(partition));
      assertThat(consumer.position(partition)).isEqualTo(3);

      // When it is rewound by a 45-minute window
      Map<TopicPartition, Long> rewound =
          new ReplayWindow(Clock.systemUTC(), Duration.ofMinutes(45))
              .rewind(consumer, List.of(partition));

      // Then it reads the two events of the window again, not the older one
      assertThat(rewound).containsEntry(partition, 2L);
      List<String> read =
          consumer.poll(Duration.ofSeconds(10)).records(partition).stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(read).containsExactly("ten minutes ago", "a minute ago");
    }
  }

  private static ProducerRecord<String, String> record(String topic, String value, Instant at) {
    return new ProducerRecord<>(topic, 0, at.toEpochMilli(), "key", value);
  }
}

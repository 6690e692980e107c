package io.governor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class TickPublisherTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void everyPartitionReceivesTicksInSequence() {
    // Ticks of earlier test classes' leaders are on the topic too, numbered from 1 again, some
    // fired at a test clock's future instant: only records written from now on count.
    long since = Instant.now().toEpochMilli();
    try (KafkaTopicProbe kafka = new KafkaTopicProbe(bootstrap)) {
      // When the scheduler has led for a while (1 s between ticks in tests)
      // Then every partition has ticks, numbered upwards
      for (int partition = 0; partition < 3; partition++) {
        int expected = partition;
        List<ConsumerRecord<String, String>> ticks =
            kafka.awaitRecords(
                Topics.SCHEDULES,
                r ->
                    ScheduleEvent.TICK_KEY.equals(r.key())
                        && r.partition() == expected
                        && r.timestamp() >= since,
                2,
                Duration.ofSeconds(30));
        List<ScheduleEvent> events = ticks.stream().map(TickPublisherTest::decode).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.kind()).isEqualTo(ScheduleEventKind.TICK));
        assertThat(events.get(1).sequence()).isGreaterThan(events.get(0).sequence());
      }
    }
  }

  private static ScheduleEvent decode(ConsumerRecord<String, String> record) {
    return EventCodec.decode(record.value(), EventTypes.SCHEDULE, ScheduleEvent.class).data();
  }
}

package io.governor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TickPublisherTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void everyPartitionReceivesEveryTickInSequence() {
    try (KafkaTopicProbe kafka = new KafkaTopicProbe(bootstrap)) {
      // When the scheduler has run for a few ticks (1 s apart in tests)
      List<ConsumerRecord<String, String>> ticks =
          kafka.awaitRecords(
              Topics.SCHEDULES,
              r -> ScheduleEvent.TICK_KEY.equals(r.key()),
              6,
              Duration.ofSeconds(30));

      // Then each tick reached all three partitions, and the sequence counts up
      Set<Integer> partitions =
          ticks.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
      assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
      List<ScheduleEvent> events =
          ticks.stream()
              .filter(r -> r.partition() == 0)
              .map(
                  r ->
                      EventCodec.decode(r.value(), EventTypes.SCHEDULE, ScheduleEvent.class).data())
              .toList();
      assertThat(events).allSatisfy(e -> assertThat(e.kind()).isEqualTo(ScheduleEventKind.TICK));
      assertThat(events.get(events.size() - 1).sequence())
          .isGreaterThanOrEqualTo(events.get(0).sequence());
    }
  }
}

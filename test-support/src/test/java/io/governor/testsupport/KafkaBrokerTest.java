package io.governor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.governor.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    long start = System.nanoTime();
    broker = KafkaBroker.start();
    System.out.printf(
        "Kafka broker %s ready in %d ms%n",
        broker.bootstrapServers(), Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aRecordSentIsReadBackWithItsHeaders() {
    broker.createTopics(List.of("probe.roundtrip"), 3);
    try (KafkaTopicProbe probe = new KafkaTopicProbe(broker)) {
      probe.send("probe.roundtrip", "other", "noise");
      probe.send("probe.roundtrip", "ns/Deployment/web", "{\"x\":1}", Map.of("reason", "bad json"));

      ConsumerRecord<String, String> record =
          probe.awaitRecord(
              "probe.roundtrip", r -> "ns/Deployment/web".equals(r.key()), Duration.ofSeconds(20));

      assertThat(record.value()).isEqualTo("{\"x\":1}");
      assertThat(KafkaTopicProbe.header(record, "reason")).isEqualTo("bad json");
      assertThat(KafkaTopicProbe.headers(record)).containsEntry("reason", "bad json");
      assertThat(probe.readAll("probe.roundtrip", Duration.ofSeconds(20)))
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("other", "ns/Deployment/web");
    }
  }

  @Test
  void createTopicsIsIdempotentAndTopicsAreListed() throws Exception {
    broker.createTopics(List.of("probe.a", "probe.b"), 2);
    broker.createTopics(List.of("probe.a", "probe.b"), 2);

    assertThat(broker.topics()).contains("probe.a", "probe.b");
    try (Admin admin = broker.admin()) {
      assertThat(
              admin
                  .describeTopics(List.of("probe.a"))
                  .allTopicNames()
                  .get()
                  .get("probe.a")
                  .partitions())
          .hasSize(2);
    }
  }

  @Test
  void awaitRecordsFailsWithASampleWhenNothingMatches() {
    broker.createTopics(List.of("probe.nomatch"), 1);
    try (KafkaTopicProbe probe = new KafkaTopicProbe(broker)) {
      probe.send("probe.nomatch", "k", "v");

      assertThatThrownBy(
              () ->
                  probe.awaitRecords(
                      "probe.nomatch", r -> "absent".equals(r.key()), 1, Duration.ofSeconds(2)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("found 0 among 1 read")
          .hasMessageContaining("key=k");
    }
  }

  @Test
  void theSharedBrokerHasEveryGovernorTopicAndSurvivesClose() {
    KafkaBroker shared = KafkaBroker.shared();
    shared.close();

    assertThat(KafkaBroker.shared()).isSameAs(shared);
    assertThat(System.getProperty(KafkaBroker.SHARED_BOOTSTRAP_PROPERTY))
        .isEqualTo(shared.bootstrapServers());
    assertThat(shared.topics()).containsAll(Topics.ALL);
    try (KafkaTopicProbe probe = new KafkaTopicProbe(shared)) {
      probe.send(Topics.DECISIONS, "ns/Deployment/api", "decided");
      assertThat(
              probe.awaitRecords(
                  Topics.DECISIONS, r -> "decided".equals(r.value()), 1, Duration.ofSeconds(20)))
          .singleElement()
          .satisfies(r -> assertThat(r.key()).isEqualTo("ns/Deployment/api"));
    }
  }

  @Test
  void theTestResourcePointsAtTheSharedBrokerAndQuietsKafka() {
    KafkaTestResource resource = new KafkaTestResource();
    resource.init(Map.of());

    Map<String, String> config = resource.start();
    resource.stop();

    assertThat(config)
        .containsEntry("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers())
        .containsEntry("quarkus.log.category.\"kafka\".level", "WARN")
        .containsEntry("quarkus.log.category.\"org.apache.kafka\".level", "WARN")
        .containsEntry("quarkus.log.category.\"state.change.logger\".level", "WARN");
    assertThat(KafkaBroker.shared().topics()).containsAll(Topics.ALL);
  }
}

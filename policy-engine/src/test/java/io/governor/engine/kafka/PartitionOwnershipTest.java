package io.governor.engine.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class PartitionOwnershipTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aWorkloadIsForgottenWithThePartitionItsRecordsGoTo() throws Exception {
    // Given the partitions of the metrics topic on a real broker
    int partitions;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrap))) {
      partitions =
          admin
              .describeTopics(List.of(Topics.METRICS))
              .allTopicNames()
              .get()
              .get(Topics.METRICS)
              .partitions()
              .size();
    }
    assertThat(partitions).isGreaterThan(1);

    // When records of several workloads are written as ingest writes them, keyed by workload
    try (KafkaTopicProbe kafka = new KafkaTopicProbe(bootstrap)) {
      for (String name : List.of("payments", "orders", "search", "cart", "checkout")) {
        WorkloadId workload = new WorkloadId("shop", "Deployment", name);
        RecordMetadata written = kafka.send(Topics.METRICS, workload.key(), "{}");

        // Then the partition the rebalance listener computes is the one the producer chose
        assertThat(PartitionOwnership.partitionOf(workload, partitions))
            .as(workload.key())
            .isEqualTo(written.partition());
      }
    }
  }
}

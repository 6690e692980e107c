package io.governor.scheduler.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The schedules topic, written by the ticks and the schedule events through one producer. */
@ApplicationScoped
public class SchedulesTopic {

  @Inject
  @Channel("schedules-out")
  Emitter<String> schedules;

  /**
   * Sends one record.
   *
   * @param partition the partition, or {@code null} to partition by key
   * @return completes when Kafka has the record (acks=all), or fails with the reason
   */
  public CompletableFuture<Void> send(String key, Integer partition, String json) {
    OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
    if (partition != null) {
      metadata.withPartition(partition);
    }
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      schedules.send(
          Message.of(json)
              .addMetadata(metadata.build())
              .withAck(
                  () -> {
                    acked.complete(null);
                    return acked;
                  })
              .withNack(
                  failure -> {
                    acked.completeExceptionally(failure);
                    return acked;
                  }));
    } catch (RuntimeException e) {
      // A full buffer or a closed channel: the caller retries with everything else it sent.
      acked.completeExceptionally(e);
    }
    return acked;
  }
}

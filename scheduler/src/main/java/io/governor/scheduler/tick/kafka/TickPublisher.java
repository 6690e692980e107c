package io.governor.scheduler.tick.kafka;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.Topics;
import io.governor.scheduler.SchedulerMetrics;
import io.governor.scheduler.config.SchedulerConfig;
import io.governor.scheduler.kafka.SchedulesTopic;
import io.governor.scheduler.leader.Leadership;
import io.governor.scheduler.tick.TickSequence;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Publishes the periodic tick to every partition of the schedules topic: each engine instance owns
 * some partitions and must see every tick. Only the leader ticks.
 */
@ApplicationScoped
public class TickPublisher {

  private static final Logger LOG = Logger.getLogger(TickPublisher.class);

  @Inject SchedulesTopic schedules;
  @Inject SchedulerConfig config;
  @Inject Clock clock;
  @Inject MeterRegistry registry;
  @Inject Leadership leadership;

  // The same Kafka settings (bootstrap, TLS, SASL) as the channels.
  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private TickSequence sequence;
  private volatile int partitions;

  @PostConstruct
  void start() {
    sequence = new TickSequence(clock);
    registry.gauge(SchedulerMetrics.LAST_TICK, this, publisher -> publisher.sequence.last());
  }

  @Scheduled(
      every = "${governor.scheduler.tick-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!leadership.isLeader()) {
      return;
    }
    int count = partitions();
    ScheduleEvent tick = sequence.next();
    String json =
        EventCodec.encode(CloudEvent.of(EventTypes.SCHEDULE, config.source(), null, tick, clock));
    CompletableFuture<?>[] sent = new CompletableFuture<?>[count];
    for (int partition = 0; partition < count; partition++) {
      sent[partition] = schedules.send(ScheduleEvent.TICK_KEY, partition, json);
    }
    CompletableFuture.allOf(sent).join();
    registry.counter(SchedulerMetrics.TICKS).increment(count);
    LOG.debugf("tick %d published to %d partitions", tick.sequence(), count);
  }

  /** The partition count of the topic, asked once: partitions are added rarely, by hand. */
  private int partitions() {
    if (partitions == 0) {
      try (Admin admin = Admin.create(new HashMap<>(kafkaConfig))) {
        partitions =
            admin
                .describeTopics(List.of(Topics.SCHEDULES))
                .allTopicNames()
                .get()
                .get(Topics.SCHEDULES)
                .partitions()
                .size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the topic's partitions", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot read the partitions of " + Topics.SCHEDULES + ": " + e.getCause().getMessage(),
            e.getCause());
      }
    }
    return partitions;
  }
}

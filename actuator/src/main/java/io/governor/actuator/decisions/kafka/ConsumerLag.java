package io.governor.actuator.decisions.kafka;

import io.governor.actuator.ActuatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Exports {@link ActuatorMetrics#CONSUMER_LAG}: records between the consumer's position and the end
 * of each partition it is assigned. The end is asked of the broker, not taken from the last fetch,
 * so the lag still grows while the connector has paused a partition behind slow processing.
 */
@Startup
@ApplicationScoped
public class ConsumerLag {

  static final String CHANNEL = "decisions-in";
  private static final Duration EVERY = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

  @Inject KafkaClientService clients;
  @Inject MeterRegistry registry;
  @Inject Vertx vertx;

  private final Map<Object, Map<TopicPartition, Long>> byConsumer = new ConcurrentHashMap<>();
  private MultiGauge lag;
  private long timer;

  @PostConstruct
  void start() {
    lag =
        MultiGauge.builder(ActuatorMetrics.CONSUMER_LAG)
            .description("Records between the consumer's position and the end of the partition")
            .register(registry);
    timer = vertx.setPeriodic(EVERY.toMillis(), id -> refresh());
  }

  @PreDestroy
  void stop() {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    Function<Consumer<String, String>, Map<TopicPartition, Long>> reading = c -> read(c, TIMEOUT);
    var consumers = clients.<String, String>getConsumers(CHANNEL);
    // A consumer the connector replaced keeps no rows: its partitions' lag is the new one's.
    if (byConsumer.keySet().retainAll(Set.copyOf(consumers))) {
      export();
    }
    for (var consumer : consumers) {
      // The Kafka consumer is not thread-safe: it is read between two polls, on its own thread.
      consumer
          .runOnPollingThread(reading)
          .subscribe()
          .with(
              lags -> {
                byConsumer.put(consumer, lags);
                export();
              },
              failure -> LOG.debugf("consumer lag not read this time: %s", failure.getMessage()));
    }
  }

  private synchronized void export() {
    lag.register(
        byConsumer.values().stream()
            .flatMap(lags -> lags.entrySet().stream())
            .map(
                one ->
                    MultiGauge.Row.of(
                        Tags.of(
                            ActuatorMetrics.TAG_TOPIC,
                            one.getKey().topic(),
                            ActuatorMetrics.TAG_PARTITION,
                            Integer.toString(one.getKey().partition())),
                        one.getValue()))
            .toList(),
        true);
  }

  /** The lag of every assigned partition whose position is known, by partition. */
  static Map<TopicPartition, Long> read(Consumer<?, ?> consumer, Duration timeout) {
    Map<TopicPartition, Long> lags = new HashMap<>();
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
    ends.forEach(
        (partition, end) -> {
          try {
            lags.put(partition, Math.max(0, end - consumer.position(partition, timeout)));
          } catch (TimeoutException e) {
            // No position yet (the committed offset is still being looked up): next time.
          }
        });
    return lags;
  }
}

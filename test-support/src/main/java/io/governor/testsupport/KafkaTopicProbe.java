package io.governor.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends string records to a topic and reads them back, for tests. Each read uses its own consumer,
 * with no consumer group, from the beginning of every partition of the topic, so it sees what was
 * there before it was called and commits nothing.
 *
 * <pre>{@code
 * try (KafkaTopicProbe probe = new KafkaTopicProbe(KafkaBroker.shared())) {
 *   probe.send(Topics.METRICS, "ns/Deployment/web", json);
 *   List<ConsumerRecord<String, String>> decisions =
 *       probe.awaitRecords(Topics.DECISIONS, r -> r.key().equals("ns/Deployment/web"), 1,
 *           Duration.ofSeconds(10));
 *   String reason = KafkaTopicProbe.header(decisions.get(0), "dead-letter-reason");
 * }
 * }</pre>
 */
public final class KafkaTopicProbe implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final int SAMPLE = 10;

  private final String bootstrapServers;
  private KafkaProducer<String, String> producer;

  /** A probe of the broker at the given {@code bootstrap.servers}. */
  public KafkaTopicProbe(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** A probe of the given broker. */
  public KafkaTopicProbe(KafkaBroker broker) {
    this(broker.bootstrapServers());
  }

  /** Sends one record and waits for the broker's acknowledgement (acks=all). */
  public RecordMetadata send(String topic, String key, String value) {
    return send(topic, key, value, Map.of());
  }

  /** Sends one record with string headers (UTF-8) and waits for the acknowledgement. */
  public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((name, text) -> record.headers().add(name, bytes(text)));
    try {
      return producer().send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot send to " + topic, e);
    }
  }

  /**
   * Reads the topic from the beginning until {@code count} records match, and returns the first
   * {@code count} matching records in the order read (partition by partition order is kept; across
   * partitions it is not). Waits for the topic to exist.
   *
   * @throws AssertionError when fewer than {@code count} records matched within {@code timeout};
   *     the message shows a sample of the records read
   */
  public List<ConsumerRecord<String, String>> awaitRecords(
      String topic, Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, String>> matched = new ArrayList<>();
    List<ConsumerRecord<String, String>> sample = new ArrayList<>();
    int read = 0;
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic, deadline);
      if (!partitions.isEmpty()) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (matched.size() < count && remaining(deadline) > 0) {
          for (ConsumerRecord<String, String> record :
              consumer.poll(min(POLL, Duration.ofNanos(remaining(deadline))))) {
            read++;
            if (sample.size() < SAMPLE) {
              sample.add(record);
            }
            if (matched.size() < count && match.test(record)) {
              matched.add(record);
            }
          }
        }
      }
      if (matched.size() < count) {
        throw new AssertionError(
            String.format(
                "Expected %d matching record(s) on %s within %s, found %d among %d read%s;"
                    + " first records read: %s",
                count,
                topic,
                timeout,
                matched.size(),
                read,
                partitions.isEmpty() ? " (the topic does not exist)" : "",
                describe(sample)));
      }
    }
    return List.copyOf(matched);
  }

  /** Waits for the first record that matches, as {@link #awaitRecords} with a count of 1. */
  public ConsumerRecord<String, String> awaitRecord(
      String topic, Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
    return awaitRecords(topic, match, 1, timeout).get(0);
  }

  /**
   * Every record on the topic now: reads from the beginning up to the end offsets taken at the
   * call. Empty when the topic does not exist. Useful to check that something was <em>not</em>
   * sent, after waiting for what was.
   */
  public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic, System.nanoTime());
      if (partitions.isEmpty()) {
        return List.of();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      while (!reached(consumer, ends)) {
        if (remaining(deadline) <= 0) {
          throw new AssertionError(
              "Could not read " + topic + " up to " + ends + " within " + timeout);
        }
        consumer
            .poll(min(POLL, Duration.ofNanos(remaining(deadline))))
            .forEach(
                record -> {
                  Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                  if (end != null && record.offset() < end) {
                    records.add(record);
                  }
                });
      }
    }
    return List.copyOf(records);
  }

  /** The value of the last header of that name, as UTF-8 text, or null when there is none. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Every header as UTF-8 text; the last one wins when a name repeats. */
  public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return Collections.unmodifiableMap(headers);
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "governor-probe-producer-" + UUID.randomUUID());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      producer = new KafkaProducer<>(config);
    }
    return producer;
  }

  private KafkaConsumer<String, String> consumer() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "governor-probe-consumer-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(config);
  }

  /** The topic's partitions, waiting until the deadline for it to exist; empty if it never did. */
  private static List<TopicPartition> partitions(
      KafkaConsumer<String, String> consumer, String topic, long deadline) {
    do {
      try {
        List<PartitionInfo> infos =
            consumer.partitionsFor(
                topic,
                max(
                    Duration.ofMillis(500),
                    min(Duration.ofSeconds(2), Duration.ofNanos(remaining(deadline)))));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // Not known yet.
      }
      sleep(POLL);
    } while (remaining(deadline) > 0);
    return List.of();
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String describe(List<ConsumerRecord<String, String>> records) {
    List<String> lines = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      lines.add(
          record.partition()
              + "@"
              + record.offset()
              + " key="
              + record.key()
              + " value="
              + abbreviate(record.value())
              + " headers="
              + headers(record));
    }
    return lines.toString();
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}

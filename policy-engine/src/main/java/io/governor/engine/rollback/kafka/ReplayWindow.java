package io.governor.engine.rollback.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Rewinds newly assigned partitions to the start of the replay window, so that an instance that
 * starts, restarts or takes over partitions rebuilds the analyses still running from the log
 * itself. The engine is idempotent: events it had already judged change nothing, and decisions
 * already published are not published again.
 */
public final class ReplayWindow {

  private final Clock clock;
  private final Duration window;

  public ReplayWindow(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /**
   * Moves each partition back to its first record of the window; never forward.
   *
   * @return how many records each rewound partition will be read again from
   */
  public Map<TopicPartition, Long> rewind(
      Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    long since = clock.instant().minus(window).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, since));
    Map<TopicPartition, Long> rewound = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndTimestamp> found :
        consumer.offsetsForTimes(query).entrySet()) {
      if (found.getValue() == null) {
        continue;
      }
      long position = consumer.position(found.getKey());
      long start = found.getValue().offset();
      if (start < position) {
        consumer.seek(found.getKey(), start);
        rewound.put(found.getKey(), position - start);
      }
    }
    return rewound;
  }
}

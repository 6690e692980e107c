package io.governor.engine.rollback.kafka;

import io.governor.engine.config.EngineConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Replays the window of every partition this instance is given: its analyses come back. */
@ApplicationScoped
@Identifier("governor-replay")
public class ReplayOnAssignment implements KafkaConsumerRebalanceListener {

  private static final Logger LOG = Logger.getLogger(ReplayOnAssignment.class);

  private final ReplayWindow window;

  public ReplayOnAssignment(Clock clock, EngineConfig config) {
    this.window = new ReplayWindow(clock, config.replayWindow());
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> rewound = window.rewind(consumer, partitions);
    if (!rewound.isEmpty()) {
      LOG.infof("replaying the last window to rebuild analyses: %s", rewound);
    }
  }
}

package io.governor.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class RedisDataSourcesFirstTest {

  @Test
  void theRedisDataSourcesExistBeforeAnyEventCanReachRedis() {
    // Given the service started: its Kafka channels start before Quarkus creates the Redis data
    // sources, an event's first Redis read creates one on a worker thread, and Quarkus' own
    // start-up observers create them on the main thread; both at once can fail start-up with
    // ConcurrentModificationException
    // When the channels started
    // Then both data sources had been created already, on the main thread
    assertThat(RedisAtWorkersStart.missing).isNotNull().isEmpty();
  }
}

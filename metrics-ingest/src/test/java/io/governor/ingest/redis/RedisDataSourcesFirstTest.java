package io.governor.ingest.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RedisDataSourcesFirstTest {

  @Test
  void theRedisDataSourcesExistBeforeTheChannelsStart() {
    // Given the service started: its Kafka channels and its watch start beside Quarkus' creation of
    // the Redis data sources, a watch event's first Redis call creates one on an informer thread,
    // and Quarkus' own start-up observers create them on the main thread; both at once can fail
    // start-up
    // When the channels started
    // Then both data sources had been created already, on the main thread
    assertThat(RedisAtWorkersStart.missing).isNotNull().isEmpty();
  }
}

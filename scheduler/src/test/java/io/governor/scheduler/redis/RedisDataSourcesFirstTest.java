package io.governor.scheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class RedisDataSourcesFirstTest {

  @Test
  void theRedisDataSourcesExistBeforeAnyJobCanReachRedis() {
    // Given the scheduler started: its jobs start with Quarkus' scheduler, a job's first Redis read
    // creates a data source on a worker thread, and Quarkus' own start-up observers create them on
    // the main thread; both at once failed start-up with ConcurrentModificationException
    // When the scheduled jobs started
    // Then both data sources had been created already, on the main thread
    assertThat(RedisAtWorkersStart.missing).isNotNull().isEmpty();
  }
}

package io.governor.scheduler.redis;

import io.quarkus.arc.ClientProxy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates the Redis data sources on the main thread before the scheduled jobs and the Kafka
 * channels start. Quarkus 3.33 keeps them in a static {@code HashMap} and creates them from its own
 * start-up observers; a job that reached Redis first, on a worker thread, made start-up fail with a
 * {@code ConcurrentModificationException} now and then.
 */
@ApplicationScoped
public class RedisDataSourcesFirst {

  /** Before the scheduler ({@code PLATFORM_BEFORE}) and the messaging channels start. */
  static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE - 1;

  void onStart(
      @Observes @Priority(PRIORITY) StartupEvent event,
      RedisDataSource blocking,
      ReactiveRedisDataSource reactive) {
    ClientProxy.unwrap(blocking);
    ClientProxy.unwrap(reactive);
  }
}

package io.governor.actuator.redis;

import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Notes which Redis data sources do not exist yet at the priority the Quarkus scheduler starts at
 * (0), the earliest any worker can start; the Kafka channels start later (1000).
 */
@ApplicationScoped
public class RedisAtWorkersStart {

  static volatile List<String> missing;

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    BeanManager beans = Arc.container().beanManager();
    List<String> absent = new ArrayList<>();
    for (Class<?> type : List.of(RedisDataSource.class, ReactiveRedisDataSource.class)) {
      Bean<?> bean = beans.resolve(beans.getBeans(type));
      // get(bean) without a creational context returns the instance only if it exists already.
      if (beans.getContext(bean.getScope()).get(bean) == null) {
        absent.add(type.getSimpleName());
      }
    }
    missing = absent;
  }
}

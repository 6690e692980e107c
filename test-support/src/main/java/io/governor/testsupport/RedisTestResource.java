package io.governor.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's {@linkplain RedisServer#shared() shared Redis server}:
 * returns {@code quarkus.redis.hosts}.
 *
 * <p>{@link #stop()} leaves the server running for the next test class; a shutdown hook stops it.
 * Tests that need an empty Redis flush it themselves.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("quarkus.redis.hosts", RedisServer.shared().url());
  }

  @Override
  public void stop() {
    // The shared server serves the next test class; its shutdown hook stops it.
  }
}

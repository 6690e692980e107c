package io.governor.actuator.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * Takes a key unless someone holds it, and says who does, in one step: how a decision is claimed
 * and a cooldown reserved. A script, since Redis 6.2 refuses SET's NX and GET options together.
 */
public final class SetIfAbsent {

  /** KEYS[1] the key; ARGV value, expiry (ms). Nil when this call set it, else what it holds. */
  private static final String SCRIPT =
      """
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        return false
      end
      return redis.call('GET', KEYS[1])
      """;

  private SetIfAbsent() {}

  /**
   * @return empty when this call set the key, for {@code keepFor}; else what the key holds
   */
  public static Optional<String> orHeld(
      RedisDataSource redis, String key, String value, Duration keepFor) {
    Response held =
        redis.execute("EVAL", SCRIPT, "1", key, value, String.valueOf(keepFor.toMillis()));
    return held == null ? Optional.empty() : Optional.of(held.toString());
  }
}

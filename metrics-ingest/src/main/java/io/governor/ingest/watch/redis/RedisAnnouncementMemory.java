package io.governor.ingest.watch.redis;

import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.watch.AnnouncementMemory;
import io.governor.ingest.watch.WatchUnavailableException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Announcements in Redis, one string key each ({@code <prefix><workload>|<revision>|<kind>}): a
 * claim holds this instance's token for {@code claim-timeout}; once Kafka has the event the value
 * becomes {@value #ANNOUNCED} for {@code memory}.
 */
@ApplicationScoped
public class RedisAnnouncementMemory implements AnnouncementMemory {

  static final String ANNOUNCED = "announced";

  private final ValueCommands<String, String> values;
  private final KeyCommands<String> keys;
  private final IngestConfig.Watch config;
  private final String token = "claimed-by:" + UUID.randomUUID();

  public RedisAnnouncementMemory(RedisDataSource redis, IngestConfig config) {
    this.values = redis.value(String.class);
    this.keys = redis.key();
    this.config = config.watch();
  }

  @Override
  public Claim claim(String key) {
    return redis(
        () -> {
          String redisKey = config.keyPrefix() + key;
          values.set(redisKey, token, new SetArgs().nx().px(config.claimTimeout()));
          String holder = values.get(redisKey);
          if (ANNOUNCED.equals(holder)) {
            return Claim.ANNOUNCED;
          }
          // Null: a claim that expired between the two reads; look again later.
          return token.equals(holder) ? Claim.CLAIMED : Claim.BUSY;
        });
  }

  @Override
  public void announced(String key) {
    redis(
        () -> {
          values.set(config.keyPrefix() + key, ANNOUNCED, new SetArgs().px(config.memory()));
          return null;
        });
  }

  @Override
  public void release(String key) {
    redis(
        () -> {
          String redisKey = config.keyPrefix() + key;
          // Only our own claim: another instance may hold it by now.
          if (token.equals(values.get(redisKey))) {
            keys.del(redisKey);
          }
          return null;
        });
  }

  private static <T> T redis(Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      throw new WatchUnavailableException(
          WatchUnavailableException.Reason.REDIS, "Redis: " + e.getMessage(), e);
    }
  }
}

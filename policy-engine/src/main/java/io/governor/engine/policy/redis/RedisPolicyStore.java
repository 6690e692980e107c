package io.governor.engine.policy.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.contracts.EventCodec;
import io.governor.engine.config.EngineConfig;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyException;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.policy.StoredPolicy;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Policies in one Redis hash, by name. Updates are compare-and-set in a Lua script, so two editors
 * holding the same version cannot both win.
 */
@ApplicationScoped
public class RedisPolicyStore implements PolicyStore {

  // KEYS[1]=hash, ARGV[1]=name, ARGV[2]=expected version or '', ARGV[3]=new json template.
  // Returns the stored JSON on success, or an error word.
  private static final String UPDATE =
      """
      local current = redis.call('HGET', KEYS[1], ARGV[1])
      if not current then return 'NOT_FOUND' end
      local version = cjson.decode(current)['version']
      if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= version then return 'VERSION_CONFLICT' end
      local next = cjson.decode(ARGV[3])
      next['version'] = version + 1
      local encoded = cjson.encode(next)
      redis.call('HSET', KEYS[1], ARGV[1], encoded)
      return tostring(version + 1)
      """;

  private final RedisDataSource redis;
  private final HashCommands<String, String, String> hashes;
  private final EngineConfig config;
  private final Clock clock;

  public RedisPolicyStore(RedisDataSource redis, EngineConfig config, Clock clock) {
    this.redis = redis;
    this.hashes = redis.hash(String.class);
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Optional<StoredPolicy> get(String name) {
    return Optional.ofNullable(hashes.hget(config.policiesKey(), name)).map(this::read);
  }

  @Override
  public List<StoredPolicy> list() {
    return hashes.hgetall(config.policiesKey()).values().stream()
        .map(this::read)
        .sorted(Comparator.comparing(stored -> stored.policy().name()))
        .toList();
  }

  @Override
  public StoredPolicy create(Policy policy, String actor) {
    StoredPolicy stored = new StoredPolicy(policy, 1, clock.instant(), actor);
    if (!hashes.hsetnx(config.policiesKey(), policy.name(), write(stored))) {
      throw new PolicyException(
          PolicyException.Reason.ALREADY_EXISTS, "policy '" + policy.name() + "' already exists");
    }
    return stored;
  }

  @Override
  public StoredPolicy update(Policy policy, Long expectedVersion, String actor) {
    StoredPolicy draft = new StoredPolicy(policy, 0, clock.instant(), actor);
    String result =
        redis
            .execute(
                "EVAL",
                UPDATE,
                "1",
                config.policiesKey(),
                policy.name(),
                expectedVersion == null ? "" : expectedVersion.toString(),
                write(draft))
            .toString();
    return switch (result) {
      case "NOT_FOUND" ->
          throw new PolicyException(
              PolicyException.Reason.NOT_FOUND, "policy '" + policy.name() + "' does not exist");
      case "VERSION_CONFLICT" ->
          throw new PolicyException(
              PolicyException.Reason.VERSION_CONFLICT,
              "policy '"
                  + policy.name()
                  + "' changed since version "
                  + expectedVersion
                  + "; read it again and reapply your change");
      default ->
          new StoredPolicy(policy, Long.parseLong(result), draft.updatedAt(), draft.updatedBy());
    };
  }

  @Override
  public boolean delete(String name) {
    return hashes.hdel(config.policiesKey(), name) > 0;
  }

  private StoredPolicy read(String json) {
    try {
      return EventCodec.mapper().readValue(json, StoredPolicy.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored policy cannot be read: " + e.getMessage(), e);
    }
  }

  private String write(StoredPolicy stored) {
    try {
      return EventCodec.mapper().writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a policy cannot be written: " + e.getMessage(), e);
    }
  }
}

package io.governor.engine.policy.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.contracts.EventCodec;
import io.governor.engine.EngineMetrics;
import io.governor.engine.config.EngineConfig;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyChange;
import io.governor.engine.policy.PolicyException;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.policy.StoredPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Policies in two Redis hashes: the policy as JSON, written by Java exactly as given, and its
 * version. Changes are Lua scripts that compare the version and write both at once, so two editors
 * holding the same version cannot both win and a reader never sees half a change.
 */
@ApplicationScoped
public class RedisPolicyStore implements PolicyStore {

  private static final Logger LOG = Logger.getLogger(RedisPolicyStore.class);

  // KEYS[1]=policies, KEYS[2]=versions, KEYS[3]=this policy's history (version -> change).
  // A version continues after a delete, so a re-created policy never reuses an old number.
  // ARGV[1]=name, ARGV[2]=json, ARGV[3]=change json.
  private static final String CREATE =
      """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'ALREADY_EXISTS' end
      local version = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('HSET', KEYS[3], version, ARGV[3])
      return tostring(version)
      """;

  // KEYS as above, ARGV[1]=name, ARGV[2]=expected version or '', ARGV[3]=json,
  // ARGV[4]=change json.
  private static final String UPDATE =
      """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'NOT_FOUND' end
      local current = redis.call('HGET', KEYS[2], ARGV[1])
      if ARGV[2] ~= '' and ARGV[2] ~= current then return 'VERSION_CONFLICT' end
      local version = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
      redis.call('HSET', KEYS[3], version, ARGV[4])
      return tostring(version)
      """;

  // KEYS as above, ARGV[1]=name, ARGV[2]=change json.
  private static final String DELETE =
      """
      if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return '0' end
      local version = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      redis.call('HSET', KEYS[3], version, ARGV[2])
      return tostring(version)
      """;

  /** A change as stored: its version is the field it is stored under. */
  record StoredChange(String operation, Instant changedAt, String changedBy, Policy policy) {}

  /** What is stored as JSON; the version lives beside it. */
  record Entry(Policy policy, Instant updatedAt, String updatedBy) {}

  private final RedisDataSource redis;
  private final HashCommands<String, String, String> hashes;
  private final EngineConfig config;
  private final Clock clock;
  private final MeterRegistry registry;

  public RedisPolicyStore(
      RedisDataSource redis, EngineConfig config, Clock clock, MeterRegistry registry) {
    this.redis = redis;
    this.hashes = redis.hash(String.class);
    this.config = config;
    this.clock = clock;
    this.registry = registry;
  }

  @Override
  public Optional<StoredPolicy> get(String name) {
    String json = hashes.hget(config.policiesKey(), name);
    String version = hashes.hget(config.policyVersionsKey(), name);
    if (json == null || version == null) {
      return Optional.empty();
    }
    return read(name, json, version);
  }

  @Override
  public List<StoredPolicy> list() {
    Map<String, String> policies = hashes.hgetall(config.policiesKey());
    Map<String, String> versions = hashes.hgetall(config.policyVersionsKey());
    List<StoredPolicy> stored = new ArrayList<>();
    policies.forEach(
        (name, json) -> {
          String version = versions.get(name);
          if (version != null) {
            read(name, json, version).ifPresent(stored::add);
          }
        });
    stored.sort(Comparator.comparing(policy -> policy.policy().name()));
    return stored;
  }

  @Override
  public StoredPolicy create(Policy policy, String actor) {
    Entry entry = new Entry(policy, clock.instant(), actor);
    String change = write(new StoredChange("create", entry.updatedAt(), actor, policy));
    String result = script(CREATE, policy.name(), write(entry), change);
    if (result.equals("ALREADY_EXISTS")) {
      throw new PolicyException(
          PolicyException.Reason.ALREADY_EXISTS, "policy '" + policy.name() + "' already exists");
    }
    return new StoredPolicy(policy, Long.parseLong(result), entry.updatedAt(), actor);
  }

  @Override
  public StoredPolicy update(Policy policy, Long expectedVersion, String actor) {
    Entry entry = new Entry(policy, clock.instant(), actor);
    String expected = expectedVersion == null ? "" : expectedVersion.toString();
    String change = write(new StoredChange("update", entry.updatedAt(), actor, policy));
    String result = script(UPDATE, policy.name(), expected, write(entry), change);
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
      default -> new StoredPolicy(policy, Long.parseLong(result), entry.updatedAt(), actor);
    };
  }

  @Override
  public boolean delete(String name, String actor) {
    String change = write(new StoredChange("delete", clock.instant(), actor, null));
    return !script(DELETE, name, change).equals("0");
  }

  @Override
  public List<PolicyChange> history(String name) {
    List<PolicyChange> changes = new ArrayList<>();
    hashes
        .hgetall(historyKey(name))
        .forEach(
            (version, json) -> {
              try {
                StoredChange change = EventCodec.mapper().readValue(json, StoredChange.class);
                changes.add(
                    new PolicyChange(
                        Long.parseLong(version),
                        change.operation(),
                        change.changedAt(),
                        change.changedBy(),
                        change.policy()));
              } catch (JsonProcessingException | NumberFormatException e) {
                registry.counter(EngineMetrics.POLICIES_UNREADABLE).increment();
                LOG.errorf("policy change skipped: policy=%s version=%s: %s", name, version, e);
              }
            });
    changes.sort(Comparator.comparingLong(PolicyChange::version));
    return changes;
  }

  private String historyKey(String name) {
    return config.policyHistoryKeyPrefix() + name;
  }

  private String script(String lua, String name, String... rest) {
    List<String> command = new ArrayList<>();
    command.add(lua);
    command.add("3");
    command.add(config.policiesKey());
    command.add(config.policyVersionsKey());
    command.add(historyKey(name));
    command.add(name);
    List<String> args = List.of(rest);
    command.addAll(args);
    Response response = redis.execute("EVAL", command.toArray(String[]::new));
    return response.toString();
  }

  /** A stored policy that cannot be read is skipped and counted: the others still judge. */
  private Optional<StoredPolicy> read(String name, String json, String version) {
    try {
      Entry entry = EventCodec.mapper().readValue(json, Entry.class);
      return Optional.of(
          new StoredPolicy(
              entry.policy(), Long.parseLong(version), entry.updatedAt(), entry.updatedBy()));
    } catch (JsonProcessingException | NumberFormatException e) {
      registry.counter(EngineMetrics.POLICIES_UNREADABLE).increment();
      LOG.errorf("stored policy skipped: policy=%s cannot be read: %s", name, e.getMessage());
      return Optional.empty();
    }
  }

  private static String write(Object entry) {
    try {
      return EventCodec.mapper().writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a policy cannot be written: " + e.getMessage(), e);
    }
  }
}

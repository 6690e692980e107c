package io.governor.actuator.safety.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.redis.SetIfAbsent;
import io.governor.actuator.safety.SafetyLedger;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The safety limits' state in Redis, shared by every actuator instance: one key per workload and
 * type with the last applied change (expiring with the cooldown), and one sorted set of applied
 * rollbacks scored by time, checked and added to by a Lua script so the check and the count are one
 * step.
 */
@ApplicationScoped
public class RedisSafetyLedger implements SafetyLedger {

  private static final Logger LOG = Logger.getLogger(RedisSafetyLedger.class);

  /**
   * KEYS[1] the set; ARGV now (ms), window (ms), max, decision id. Drops what left the window; a
   * decision already counted is admitted again; otherwise counts it if there is room. Returns
   * {admitted 0|1, count, oldest score, already counted 0|1}.
   */
  static final String ADMIT =
      """
      local now = tonumber(ARGV[1])
      local window = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
      local count = redis.call('ZCARD', KEYS[1])
      if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {1, count, oldest[2], 1}
      end
      if count >= tonumber(ARGV[3]) then
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, count, oldest[2], 0}
      end
      redis.call('ZADD', KEYS[1], now, ARGV[4])
      redis.call('PEXPIRE', KEYS[1], window)
      local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      return {1, count + 1, oldest[2], 0}
      """;

  /** KEYS[1] the cooldown; ARGV decision id. Deletes it only while that decision holds it. */
  static final String RELEASE =
      """
      local value = redis.call('GET', KEYS[1])
      if not value then
        return 0
      end
      local ok, record = pcall(cjson.decode, value)
      if ok and type(record) == 'table' and record['decisionId'] == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;
  private final String cooldownPrefix;
  private final String breakerKey;

  @Inject
  public RedisSafetyLedger(RedisDataSource redis, ActuatorConfig config) {
    this(redis, config.cooldown().keyPrefix(), config.breaker().key());
  }

  /** With keys of its own, for a test that must not share the fleet's count. */
  public RedisSafetyLedger(RedisDataSource redis, String cooldownPrefix, String breakerKey) {
    this.redis = redis;
    this.values = redis.value(String.class);
    this.cooldownPrefix = cooldownPrefix;
    this.breakerKey = breakerKey;
  }

  @Override
  public Optional<Applied> lastApplied(WorkloadId workload, DecisionType type) {
    String json = values.get(cooldownKey(workload, type));
    if (json == null) {
      return Optional.empty();
    }
    return read(workload, json);
  }

  private static Optional<Applied> read(WorkloadId workload, String json) {
    try {
      return Optional.of(EventCodec.mapper().readValue(json, Applied.class));
    } catch (JsonProcessingException e) {
      // Unreadable: no cooldown rather than a workload blocked until the key expires.
      LOG.warnf(
          "cooldown record of workload=%s cannot be read, ignoring it: %s",
          workload, e.getOriginalMessage());
      return Optional.empty();
    }
  }

  @Override
  public void stampApplied(
      WorkloadId workload, DecisionType type, Applied applied, Duration keepFor) {
    values.set(cooldownKey(workload, type), json(applied), new SetArgs().px(keepFor));
  }

  private static String json(Applied applied) {
    try {
      return EventCodec.mapper().writeValueAsString(applied);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a cooldown record cannot be written", e);
    }
  }

  @Override
  public Reservation reserveCooldown(
      WorkloadId workload, DecisionType type, Applied applied, Duration keepFor) {
    Optional<String> held =
        SetIfAbsent.orHeld(redis, cooldownKey(workload, type), json(applied), keepFor);
    if (held.isEmpty()) {
      return new Reservation(true, false, Optional.empty());
    }
    Optional<Applied> holder = read(workload, held.get());
    if (holder.isEmpty()) {
      // Unreadable: no cooldown rather than a workload blocked until the key expires.
      stampApplied(workload, type, applied, keepFor);
      return new Reservation(true, false, Optional.empty());
    }
    if (holder.get().decisionId().equals(applied.decisionId())) {
      return new Reservation(true, true, Optional.empty());
    }
    return new Reservation(false, false, holder);
  }

  @Override
  public void releaseCooldown(WorkloadId workload, DecisionType type, String decisionId) {
    redis.execute("EVAL", RELEASE, "1", cooldownKey(workload, type), decisionId);
  }

  @Override
  public Admission admitRollback(String decisionId, Instant now, Duration window, int max) {
    Response answer =
        redis.execute(
            "EVAL",
            ADMIT,
            "1",
            breakerKey,
            String.valueOf(now.toEpochMilli()),
            String.valueOf(window.toMillis()),
            String.valueOf(max),
            decisionId);
    boolean admitted = answer.get(0).toInteger() == 1;
    int count = answer.get(1).toInteger();
    Response oldest = answer.size() > 2 ? answer.get(2) : null;
    Instant oldestAt =
        oldest == null ? now : Instant.ofEpochMilli((long) Double.parseDouble(oldest.toString()));
    boolean alreadyCounted = answer.size() > 3 && answer.get(3).toInteger() == 1;
    return new Admission(admitted, count, oldestAt, alreadyCounted);
  }

  @Override
  public void withdrawRollback(String decisionId) {
    redis.sortedSet(String.class).zrem(breakerKey, decisionId);
  }

  private String cooldownKey(WorkloadId workload, DecisionType type) {
    return cooldownPrefix + type.name() + ":" + workload.key();
  }
}

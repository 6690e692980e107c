package io.governor.actuator.decisions.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.DecisionMemory;
import io.governor.actuator.redis.SetIfAbsent;
import io.governor.contracts.ActionResult;
import io.governor.contracts.EventCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decisions handled by any replica, with their result, kept in Redis for {@code decision-memory} so
 * a redelivered decision changes nothing and an unreported result is reported.
 *
 * <p>One key per decision holds either a claim ({@code {"claimedBy", "claimedAt"}}, set with {@code
 * SET NX} and expiring after {@code claim-timeout}) while a replica acts on it, or the result
 * ({@code {"result", "published", "claimedBy", "claimedAt"}}), which replaces the claim. Until the
 * result is published, other replicas treat it as still held, for as long as a claim would hold;
 * after that, a result left unpublished (its replica died) is published by whoever finds it.
 *
 * <p>A second key, {@code <decision key>:applying}, is written just before the change is sent and
 * kept for the decision's time-to-live: a retry that finds it knows an earlier attempt may have
 * applied the change without recording it.
 */
@ApplicationScoped
public class HandledDecisions implements DecisionMemory {

  private static final Logger LOG = Logger.getLogger(HandledDecisions.class);

  /**
   * KEYS[1] the decision; ARGV holder. Deletes the key only while it is that holder's claim, never
   * a result.
   */
  static final String RELEASE =
      """
      local value = redis.call('GET', KEYS[1])
      if not value then
        return 0
      end
      local ok, record = pcall(cjson.decode, value)
      if ok and type(record) == 'table' and record['claimedBy'] == ARGV[1]
          and record['result'] == nil then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  /** A replica's hold on a decision it is acting on. */
  record Claimed(String claimedBy, Instant claimedAt) {}

  /**
   * What the key holds once there is a result; who wrote it and when, so that others leave an
   * unpublished result to its writer, who is publishing it, for as long as a claim would hold.
   */
  record Stored(ActionResult result, boolean published, String claimedBy, Instant claimedAt) {}

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;
  private final ActuatorConfig config;
  private final Clock clock;
  private final String instance;

  @Inject
  public HandledDecisions(RedisDataSource redis, ActuatorConfig config, Clock clock) {
    this(redis, config, clock, instanceName());
  }

  /**
   * @param instance names this replica in its claims; two replicas must differ
   */
  public HandledDecisions(
      RedisDataSource redis, ActuatorConfig config, Clock clock, String instance) {
    this.redis = redis;
    this.values = redis.value(String.class);
    this.config = config;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public Claim claim(String decisionId) {
    String key = key(decisionId);
    Optional<String> held =
        SetIfAbsent.orHeld(
            redis, key, json(new Claimed(instance, clock.instant())), config.claimTimeout());
    if (held.isEmpty()) {
      return granted(decisionId);
    }
    try {
      JsonNode record = EventCodec.mapper().readTree(held.get());
      if (record.has("result")) {
        Stored stored = EventCodec.mapper().treeToValue(record, Stored.class);
        if (!stored.published() && publishingElsewhere(stored)) {
          return new HeldElsewhere(stored.claimedBy(), stored.claimedAt());
        }
        // Published, or left unpublished by a replica that is gone: a repeat, or to re-report.
        return new Handled(stored.result(), stored.published());
      }
      Claimed claim = EventCodec.mapper().treeToValue(record, Claimed.class);
      if (instance.equals(claim.claimedBy())) {
        // Its own claim, left by an attempt whose release failed: still this replica's to act on.
        return granted(decisionId);
      }
      return new HeldElsewhere(claim.claimedBy(), claim.claimedAt());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Unreadable: taken over; the action's own check of the live state keeps it from acting
      // twice.
      LOG.warnf(
          "record of decisionId=%s cannot be read, handling it as new: %s",
          decisionId, e.getMessage());
      values.set(
          key,
          json(new Claimed(instance, clock.instant())),
          new SetArgs().px(config.claimTimeout()));
      return granted(decisionId);
    }
  }

  private Granted granted(String decisionId) {
    return new Granted(values.get(applyingKey(decisionId)) != null);
  }

  /**
   * The marker outlives the claim: a redelivery after a crash comes once the claim has expired, and
   * must still learn that the change may have gone out. Past the decision's time-to-live nothing
   * acts on it any more.
   */
  @Override
  public void markApplying(String decisionId) {
    Duration keep = config.decisionTtl().plus(config.claimTimeout());
    values.set(applyingKey(decisionId), instance, new SetArgs().px(keep));
  }

  private boolean publishingElsewhere(Stored stored) {
    return stored.claimedBy() != null
        && !instance.equals(stored.claimedBy())
        && stored.claimedAt() != null
        && clock.instant().isBefore(stored.claimedAt().plus(config.claimTimeout()));
  }

  /** The record of a decision, if any; read-only. */
  public Optional<Handled> find(String decisionId) {
    String json = values.get(key(decisionId));
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode record = EventCodec.mapper().readTree(json);
      if (!record.has("result")) {
        return Optional.empty();
      }
      Stored stored = EventCodec.mapper().treeToValue(record, Stored.class);
      return Optional.of(new Handled(stored.result(), stored.published()));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  @Override
  public void remember(ActionResult result, boolean published) {
    values.set(
        key(result.decisionId()),
        json(new Stored(result, published, instance, clock.instant())),
        new SetArgs().ex(config.decisionMemory()));
  }

  @Override
  public void release(String decisionId) {
    redis.execute("EVAL", RELEASE, "1", key(decisionId), instance);
  }

  private String key(String decisionId) {
    return config.decisionKeyPrefix() + decisionId;
  }

  private String applyingKey(String decisionId) {
    return config.decisionKeyPrefix() + decisionId + ":applying";
  }

  private static String json(Object record) {
    try {
      return EventCodec.mapper().writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a decision record cannot be written", e);
    }
  }

  /** The pod's name where there is one, made unique per process. */
  private static String instanceName() {
    String host = System.getenv("HOSTNAME");
    String random = UUID.randomUUID().toString().substring(0, 8);
    return (host == null || host.isBlank() ? "actuator" : host) + "-" + random;
  }
}

package io.governor.actuator.decisions.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.DecisionMemory;
import io.governor.contracts.ActionResult;
import io.governor.contracts.EventCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decisions handled by any replica, with their result, kept in Redis for {@code decision-memory} so
 * a redelivered decision changes nothing and an unreported result is reported.
 */
@ApplicationScoped
public class HandledDecisions implements DecisionMemory {

  private static final Logger LOG = Logger.getLogger(HandledDecisions.class);

  private final ValueCommands<String, String> values;
  private final ActuatorConfig config;

  public HandledDecisions(RedisDataSource redis, ActuatorConfig config) {
    this.values = redis.value(String.class);
    this.config = config;
  }

  @Override
  public Optional<Handled> find(String decisionId) {
    String json = values.get(config.decisionKeyPrefix() + decisionId);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(EventCodec.mapper().readValue(json, Handled.class));
    } catch (JsonProcessingException e) {
      // Treated as unknown: the action's own check of the live state keeps it from acting twice.
      LOG.warnf(
          "record of decisionId=%s cannot be read, handling it as new: %s",
          decisionId, e.getOriginalMessage());
      return Optional.empty();
    }
  }

  @Override
  public void remember(ActionResult result, boolean published) {
    try {
      values.set(
          config.decisionKeyPrefix() + result.decisionId(),
          EventCodec.mapper().writeValueAsString(new Handled(result, published)),
          new SetArgs().ex(config.decisionMemory()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an action result cannot be written", e);
    }
  }
}

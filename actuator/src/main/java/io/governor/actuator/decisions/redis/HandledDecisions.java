package io.governor.actuator.decisions.redis;

import io.governor.actuator.config.ActuatorConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Decision ids this actuator (any replica) has already handled, with what came of them; kept in
 * Redis for {@code decision-memory} so a redelivered decision changes nothing.
 */
@ApplicationScoped
public class HandledDecisions {

  private final ValueCommands<String, String> values;
  private final ActuatorConfig config;

  public HandledDecisions(RedisDataSource redis, ActuatorConfig config) {
    this.values = redis.value(String.class);
    this.config = config;
  }

  /** What was recorded for this decision, if it was handled before. */
  public Optional<String> find(String decisionId) {
    return Optional.ofNullable(values.get(config.decisionKeyPrefix() + decisionId));
  }

  public void remember(String decisionId, String summary) {
    values.set(
        config.decisionKeyPrefix() + decisionId,
        summary,
        new SetArgs().ex(config.decisionMemory()));
  }
}

package io.governor.engine.decisions.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import io.governor.engine.config.EngineConfig;
import io.governor.engine.decisions.DecisionLog;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One sorted set per workload, scored by decision time; the oldest are trimmed beyond {@code
 * decisions-kept} and the whole set expires {@code decisions-retention} after its last decision.
 */
@ApplicationScoped
public class RedisDecisionLog implements DecisionLog {

  private static final Logger LOG = Logger.getLogger(RedisDecisionLog.class);

  private final SortedSetCommands<String, String> sets;
  private final RedisDataSource redis;
  private final EngineConfig config;

  public RedisDecisionLog(RedisDataSource redis, EngineConfig config) {
    this.redis = redis;
    this.sets = redis.sortedSet(String.class);
    this.config = config;
  }

  @Override
  public boolean wasPublished(String decisionId) {
    return redis.key(String.class).exists(config.decisionsKeyPrefix() + "id:" + decisionId);
  }

  @Override
  public void record(Decision decision) {
    redis
        .value(String.class)
        .set(
            config.decisionsKeyPrefix() + "id:" + decision.id(),
            decision.decidedAt().toString(),
            new SetArgs().ex(config.decisionsRetention()));
    String key = key(decision.workload());
    sets.zadd(key, decision.decidedAt().toEpochMilli(), write(decision));
    sets.zremrangebyrank(key, 0, -(config.decisionsKept() + 1L));
    redis.key(String.class).expire(key, config.decisionsRetention());
  }

  @Override
  public List<Decision> find(WorkloadId workload, Instant since, Instant until, int limit) {
    List<String> found =
        sets.zrangebyscore(
            key(workload),
            // With REV, Redis takes the range from its high end.
            new ScoreRange<>((double) until.toEpochMilli(), (double) since.toEpochMilli()),
            new ZRangeArgs().rev().limit(0, limit));
    List<Decision> decisions = new ArrayList<>();
    for (String json : found) {
      try {
        decisions.add(EventCodec.mapper().readValue(json, Decision.class));
      } catch (JsonProcessingException e) {
        LOG.errorf("stored decision skipped: workload=%s: %s", workload, e.getOriginalMessage());
      }
    }
    return decisions;
  }

  private String key(WorkloadId workload) {
    return config.decisionsKeyPrefix() + workload.key();
  }

  private static String write(Decision decision) {
    try {
      return EventCodec.mapper().writeValueAsString(decision);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a decision cannot be written", e);
    }
  }
}

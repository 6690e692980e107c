package io.governor.actuator.decisions.kafka;

import io.governor.actuator.ActuatorMetrics;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.DecisionExecutor;
import io.governor.actuator.decisions.kubernetes.WorkloadEvents;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.governor.actuator.rollback.kubernetes.DeploymentRollbacks;
import io.governor.actuator.scaling.kubernetes.WorkloadScales;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventDecodingException;
import io.governor.contracts.EventTypes;
import io.governor.contracts.failure.Retrying;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes decisions in order per workload and hands each to the {@link DecisionExecutor}. A record
 * that cannot be read is dead-lettered at once; a failure that may pass (API server, Redis or Kafka
 * away) is retried with backoff, and dead-lettered with the reason only when the retries are used
 * up.
 */
@ApplicationScoped
public class DecisionListener {

  private static final Logger LOG = Logger.getLogger(DecisionListener.class);

  @Inject HandledDecisions memory;
  @Inject DeploymentRollbacks rollbacks;
  @Inject WorkloadScales scales;
  @Inject ActionResultPublisher results;
  @Inject WorkloadEvents events;
  @Inject ActuatorConfig config;
  @Inject MeterRegistry registry;
  @Inject Clock clock;

  private DecisionExecutor executor;

  @PostConstruct
  void wire() {
    executor =
        new DecisionExecutor(memory, rollbacks, scales, results::publish, events::record, clock);
  }

  @Incoming("decisions-in")
  @Blocking
  public void onDecision(String json) {
    Decision decision = EventCodec.decode(json, EventTypes.DECISION, Decision.class).data();
    MDC.put("decisionId", decision.id());
    MDC.put("namespace", decision.workload().namespace());
    MDC.put("workload", decision.workload().key());
    try {
      ActuatorConfig.Retry retry = config.retry();
      ActionResult result =
          Retrying.call(
              () -> executor.execute(decision),
              new Retrying.Policy(retry.maxAttempts(), retry.firstDelay(), retry.maxDelay()),
              failure -> !(failure instanceof EventDecodingException),
              delay -> Thread.sleep(delay.toMillis()),
              (attempt, delay, failure) ->
                  LOG.warnf(
                      "decisionId=%s attempt %d failed, retrying in %d ms: %s",
                      decision.id(), attempt, delay.toMillis(), failure.getMessage()));
      count(result);
      LOG.infof(
          "action %s: decisionId=%s workload=%s type=%s before=%s after=%s reason=%s",
          result.outcome(),
          decision.id(),
          decision.workload(),
          decision.type(),
          result.before(),
          result.after(),
          result.reason());
    } finally {
      MDC.remove("decisionId");
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }

  private void count(ActionResult result) {
    registry
        .counter(
            ActuatorMetrics.ACTIONS,
            ActuatorMetrics.TAG_TYPE,
            result.type().name(),
            ActuatorMetrics.TAG_OUTCOME,
            result.outcome().name())
        .increment();
    registry
        .timer(ActuatorMetrics.ACTION_DURATION, ActuatorMetrics.TAG_TYPE, result.type().name())
        .record(Duration.between(result.receivedAt(), result.completedAt()));
  }
}

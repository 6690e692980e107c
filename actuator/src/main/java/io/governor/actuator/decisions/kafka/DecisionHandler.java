package io.governor.actuator.decisions.kafka;

import io.governor.actuator.ActuatorMetrics;
import io.governor.actuator.decisions.kubernetes.WorkloadEvents;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.actuator.rollback.kubernetes.DeploymentRollbacks;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Carries out one decision once in effect: a decision id handled before is a recorded no-op, and
 * every action first checks that the live state still warrants it. Every outcome becomes an action
 * result, a Kubernetes Event, a metric and a log line with the decision id.
 */
@ApplicationScoped
public class DecisionHandler {

  private static final Logger LOG = Logger.getLogger(DecisionHandler.class);

  private final HandledDecisions handled;
  private final DeploymentRollbacks rollbacks;
  private final WorkloadEvents events;
  private final ActionResultPublisher results;
  private final MeterRegistry registry;
  private final Clock clock;

  public DecisionHandler(
      HandledDecisions handled,
      DeploymentRollbacks rollbacks,
      WorkloadEvents events,
      ActionResultPublisher results,
      MeterRegistry registry,
      Clock clock) {
    this.handled = handled;
    this.rollbacks = rollbacks;
    this.events = events;
    this.results = results;
    this.registry = registry;
    this.clock = clock;
  }

  public ActionResult handle(Decision decision) {
    Instant received = clock.instant();
    MDC.put("decisionId", decision.id());
    MDC.put("namespace", decision.workload().namespace());
    MDC.put("workload", decision.workload().key());
    try {
      RollbackPlan plan = plan(decision);
      ActionResult result =
          new ActionResult(
              decision.id(),
              decision.type(),
              decision.workload(),
              plan.outcome(),
              plan.reason(),
              plan.before(),
              plan.after(),
              decision.dryRun(),
              received,
              clock.instant());
      if (result.outcome() != ActionOutcome.FAILED) {
        // A failure is not remembered: a redelivery may succeed.
        handled.remember(decision.id(), result.outcome() + " at " + result.completedAt());
      }
      events.record(result);
      results.publish(result);
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
      return result;
    } finally {
      MDC.remove("decisionId");
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }

  private RollbackPlan plan(Decision decision) {
    Optional<String> earlier = handled.find(decision.id());
    if (earlier.isPresent()) {
      return new RollbackPlan(
          ActionOutcome.NO_OP,
          "decision already handled (" + earlier.get() + "); nothing done again",
          null,
          Map.of(),
          Map.of());
    }
    return switch (decision.type()) {
      case ROLLBACK -> rollbacks.rollback(decision);
      case SCALE ->
          new RollbackPlan(
              ActionOutcome.REFUSED,
              "scale decisions are not carried out by this version of the actuator",
              null,
              Map.of(),
              Map.of());
    };
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

package io.governor.engine.rollback.kafka;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.engine.EngineMetrics;
import io.governor.engine.config.EngineConfig;
import io.governor.engine.decisions.DecisionLog;
import io.governor.engine.decisions.DecisionOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** Writes decisions to Kafka and waits for the broker, so an event is acked only after them. */
@ApplicationScoped
public class DecisionPublisher {

  private static final Logger LOG = Logger.getLogger(DecisionPublisher.class);

  @Inject
  @Channel("decisions-out")
  Emitter<Record<String, String>> decisions;

  @Inject EngineConfig config;
  @Inject DecisionLog log;
  @Inject Clock clock;
  @Inject MeterRegistry registry;

  public void publish(Decision decision) {
    CloudEvent<Decision> event =
        CloudEvent.withId(
            decision.id(),
            EventTypes.DECISION,
            config.source(),
            decision.workload(),
            decision,
            clock);
    decisions
        .send(Record.of(decision.workload().key(), EventCodec.encode(event)))
        .toCompletableFuture()
        .join();
    log.record(decision);
    record(decision);
  }

  private void record(Decision decision) {
    registry
        .counter(
            EngineMetrics.DECISIONS,
            EngineMetrics.TAG_TYPE,
            decision.type().name(),
            EngineMetrics.TAG_RULE,
            decision.rule(),
            EngineMetrics.TAG_OUTCOME,
            DecisionOutcome.of(decision),
            EngineMetrics.TAG_DRY_RUN,
            Boolean.toString(decision.dryRun()))
        .increment();
    if (decision.firstBadSampleAt() != null) {
      Duration taken = Duration.between(decision.firstBadSampleAt(), decision.decidedAt());
      Timer.builder(EngineMetrics.TIME_TO_DECISION)
          .description("Time from the first sample against a revision to the decision about it")
          .tag(EngineMetrics.TAG_RULE, decision.rule())
          .serviceLevelObjectives(EngineMetrics.TIME_BUCKETS.toArray(Duration[]::new))
          .register(registry)
          // Samples carry the sender's clock: one a little ahead of ours counts as no time.
          .record(taken.isNegative() ? Duration.ZERO : taken);
    }
    MDC.put("decisionId", decision.id());
    MDC.put("namespace", decision.workload().namespace());
    MDC.put("workload", decision.workload().key());
    try {
      LOG.infof(
          "decision published: decisionId=%s workload=%s type=%s target=%s dryRun=%s policy=%s@%d"
              + " reason=%s",
          decision.id(),
          decision.workload(),
          decision.type(),
          decision.target(),
          decision.dryRun(),
          decision.policy(),
          decision.policyVersion(),
          decision.reason());
    } finally {
      MDC.remove("decisionId");
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }
}

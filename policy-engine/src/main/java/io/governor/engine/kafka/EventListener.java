package io.governor.engine.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.contracts.Decision;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventDecodingException;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import io.governor.contracts.failure.Retrying;
import io.governor.engine.EngineMetrics;
import io.governor.engine.config.EngineConfig;
import io.governor.engine.decisions.DecisionLog;
import io.governor.engine.rollback.kafka.DecisionPublisher;
import io.governor.engine.rollback.kafka.RollbackJudge;
import io.governor.engine.scaling.kafka.ScalingJudge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Feeds events to the rollback and scaling judges and publishes their decisions. One channel reads
 * the deployments, metrics and schedules topics together, so the instance that owns a partition of
 * one owns the same partition of the others, and with it the whole state of its workloads.
 *
 * <p>A record that cannot be read is dead-lettered at once. Any other failure (Redis or Kafka away)
 * is retried with backoff; only when the retries are used up is the record dead-lettered, with the
 * reason. A decision is confirmed to the engine only after Kafka has it. Dead-lettered records are
 * counted by {@link RejectReason}.
 */
// Created at start-up, so the count of rejected records is exported, at 0, before the first one.
@Startup
@ApplicationScoped
public class EventListener {

  private static final Logger LOG = Logger.getLogger(EventListener.class);

  @Inject RollbackJudge judge;
  @Inject ScalingJudge scaling;
  @Inject DecisionPublisher publisher;
  @Inject EngineConfig config;
  @Inject DecisionLog decisionLog;
  @Inject MeterRegistry registry;

  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

  @PostConstruct
  void registerCounts() {
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(
          reason,
          Counter.builder(EngineMetrics.EVENTS_REJECTED)
              .description("Records dead-lettered, by reason")
              .tag(EngineMetrics.TAG_REASON, reason.tag())
              .register(registry));
    }
  }

  @Incoming("events-in")
  @Blocking
  public void onEvent(String json) {
    try {
      route(json);
    } catch (RuntimeException e) {
      // The failure strategy dead-letters the record with this failure as its reason.
      rejected.get(RejectReason.of(e)).increment();
      throw e;
    }
  }

  private void route(String json) {
    // Parsed once: routed by its type, then decoded from the same tree.
    JsonNode record = EventCodec.parse(json);
    String type = EventCodec.typeOf(record);
    switch (type) {
      case EventTypes.DEPLOYMENT -> onDeployment(record);
      case EventTypes.METRIC_BATCH -> onMetrics(record);
      case EventTypes.SCHEDULE -> onSchedule(record);
      default ->
          throw new EventDecodingException("type", "unexpected event type '" + type + "'", null);
    }
  }

  private void onDeployment(JsonNode json) {
    DeploymentEvent event =
        EventCodec.decode(json, EventTypes.DEPLOYMENT, DeploymentEvent.class).data();
    MDC.put("namespace", event.workload().namespace());
    MDC.put("workload", event.workload().key());
    try {
      LOG.infof(
          "deployment event: workload=%s kind=%s revision=%s previous=%s",
          event.workload(), event.kind(), event.revision(), event.previousRevision());
      publishRollbacks(retrying(() -> judge.onDeployment(event)));
    } finally {
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }

  private void onMetrics(JsonNode json) {
    MetricBatch batch = EventCodec.decode(json, EventTypes.METRIC_BATCH, MetricBatch.class).data();
    scaling.onMetrics(batch);
    publishRollbacks(retrying(() -> judge.onMetrics(batch)));
  }

  private void onSchedule(JsonNode json) {
    ScheduleEvent event = EventCodec.decode(json, EventTypes.SCHEDULE, ScheduleEvent.class).data();
    if (event.kind() == ScheduleEventKind.TICK) {
      // Time passes for analyses that no sample moves: they end, or turn into no-data outcomes.
      publishRollbacks(retrying(() -> judge.onTick(event.firedAt())));
      // Scaling is evaluated on ticks, as the HPA syncs every 15 s.
      publish(
          retrying(() -> scaling.onTick(event.firedAt())),
          UnaryOperator.identity(),
          scaling::confirm);
    } else {
      scaling.onSchedule(event);
    }
  }

  private void publishRollbacks(List<Decision> decisions) {
    publish(decisions, decision -> judge.asPolicyNowSays(decision).orElse(null), judge::confirm);
  }

  /**
   * @param asPolicyNowSays the decision as it should go out now; null to drop it
   * @param confirm tells the judge Kafka has it
   */
  private void publish(
      List<Decision> decisions,
      UnaryOperator<Decision> asPolicyNowSays,
      Consumer<Decision> confirm) {
    for (Decision decision : decisions) {
      retrying(
          () -> {
            if (decisionLog.wasPublished(decision.id())) {
              // Sent before, e.g. by an attempt that failed after Kafka had it.
              confirm.accept(decision);
              return null;
            }
            Optional<Decision> current = Optional.ofNullable(asPolicyNowSays.apply(decision));
            current.ifPresentOrElse(
                publisher::publish,
                () ->
                    LOG.infof(
                        "decision dropped: decisionId=%s workload=%s policy=%s was deleted",
                        decision.id(), decision.workload(), decision.policy()));
            confirm.accept(decision);
            return null;
          });
    }
  }

  private <T> T retrying(Supplier<T> work) {
    EngineConfig.Retry retry = config.retry();
    return Retrying.call(
        work,
        new Retrying.Policy(retry.maxAttempts(), retry.firstDelay(), retry.maxDelay()),
        failure -> !(failure instanceof EventDecodingException),
        delay -> Thread.sleep(delay.toMillis()),
        (attempt, delay, failure) ->
            LOG.warnf(
                "attempt %d failed, retrying in %d ms: %s",
                attempt, delay.toMillis(), failure.getMessage()));
  }
}

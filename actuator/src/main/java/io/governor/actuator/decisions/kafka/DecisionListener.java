package io.governor.actuator.decisions.kafka;

import io.governor.actuator.ActuatorMetrics;
import io.governor.actuator.bluegreen.kubernetes.ServiceSelectorSwitches;
import io.governor.actuator.config.ActuatorConfig;
import io.governor.actuator.decisions.ActuationUnavailableException;
import io.governor.actuator.decisions.DecisionExecutor;
import io.governor.actuator.decisions.RejectReason;
import io.governor.actuator.decisions.RollbacksByKind;
import io.governor.actuator.decisions.kubernetes.WorkloadEvents;
import io.governor.actuator.decisions.redis.HandledDecisions;
import io.governor.actuator.notify.WebhookNotifier;
import io.governor.actuator.rollback.kubernetes.DeploymentRollbacks;
import io.governor.actuator.safety.Limit;
import io.governor.actuator.safety.SafetyGate;
import io.governor.actuator.safety.SafetyLimits;
import io.governor.actuator.safety.kubernetes.KubernetesPauseAnnotations;
import io.governor.actuator.safety.redis.RedisSafetyLedger;
import io.governor.actuator.scaling.kubernetes.WorkloadScales;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.DecisionType;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventDecodingException;
import io.governor.contracts.EventTypes;
import io.governor.contracts.failure.Retrying;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes decisions in order per workload and hands each to the {@link DecisionExecutor}. A record
 * that cannot be read is dead-lettered at once; a failure that may pass (API server, Redis or Kafka
 * away, another instance on the same decision) is retried with backoff while the decision's
 * time-to-live lasts. When the retries are used up, the decision is reported FAILED and
 * dead-lettered with the reason; when its time-to-live runs out, the next attempt reports it FAILED
 * "expired". A decision another instance holds is asked about again until its time-to-live, however
 * many attempts that takes (the holder may die after claiming it again); if no result is stored by
 * then, it is reported FAILED "expired". Dead-lettered decisions are counted by {@link
 * RejectReason}.
 */
// Created at start-up, so its counters are exported, at 0, before the first decision.
@Startup
@ApplicationScoped
public class DecisionListener {

  private static final Logger LOG = Logger.getLogger(DecisionListener.class);

  @Inject HandledDecisions memory;
  @Inject DeploymentRollbacks rollbacks;
  @Inject ServiceSelectorSwitches switches;
  @Inject WorkloadScales scales;
  @Inject ActionResultPublisher results;
  @Inject WorkloadEvents events;
  @Inject RedisSafetyLedger ledger;
  @Inject KubernetesPauseAnnotations pauses;
  @Inject ActuatorConfig config;
  @Inject MeterRegistry registry;
  @Inject Clock clock;

  private SafetyGate gate;
  private DecisionExecutor executor;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Retrying.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

  @PostConstruct
  void wire() {
    gate =
        new SafetyGate(
            limits(config), ledger, pauses, clock, limit -> safetyStops(limit).increment());
    registry.gauge(ActuatorMetrics.BREAKER_OPEN, gate, g -> g.breakerOpen() ? 1 : 0);
    registerCounts();
    Consumer<ActionResult> announce = events::record;
    if (config.notification().webhookUrl().isPresent()) {
      announce =
          announce.andThen(
              new WebhookNotifier(
                  config.notification().webhookUrl().get(),
                  config.notification().timeout(),
                  config.notification().outcomes(),
                  (result, why) -> {
                    registry.counter(ActuatorMetrics.NOTIFICATIONS_FAILED).increment();
                    LOG.warnf(
                        "no notification for decisionId=%s workload=%s: %s",
                        result.decisionId(), result.workload(), why);
                  }));
    }
    executor =
        new DecisionExecutor(
            memory,
            gate,
            new RollbacksByKind(rollbacks, switches),
            scales,
            results::publish,
            announce,
            clock);
  }

  /** Every count with a closed set of tags starts at 0, so increase() sees the first one. */
  private void registerCounts() {
    for (DecisionType type : DecisionType.values()) {
      for (ActionOutcome outcome : ActionOutcome.values()) {
        actions(type, outcome);
      }
    }
    for (Limit limit : Limit.values()) {
      safetyStops(limit);
    }
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(
          reason,
          Counter.builder(ActuatorMetrics.DECISIONS_REJECTED)
              .description("Decisions dead-lettered, by reason")
              .tag(ActuatorMetrics.TAG_REASON, reason.tag())
              .register(registry));
    }
  }

  private Counter safetyStops(Limit limit) {
    return registry.counter(ActuatorMetrics.SAFETY_STOPS, ActuatorMetrics.TAG_LIMIT, limit.tag());
  }

  static SafetyLimits limits(ActuatorConfig config) {
    return new SafetyLimits(
        config.decisionTtl(),
        config.dryRun(),
        config.cooldown().rollback(),
        config.cooldown().scale(),
        config.breaker().maxRollbacks(),
        config.breaker().window());
  }

  @Incoming("decisions-in")
  @Blocking
  public void onDecision(String json) {
    try {
      handle(json);
    } catch (RuntimeException e) {
      // The failure strategy dead-letters the decision with this failure as its reason.
      rejected.get(RejectReason.of(e)).increment();
      throw e;
    }
  }

  private void handle(String json) {
    Decision decision = EventCodec.decode(json, EventTypes.DECISION, Decision.class).data();
    MDC.put("decisionId", decision.id());
    MDC.put("namespace", decision.workload().namespace());
    MDC.put("workload", decision.workload().key());
    try {
      Instant received = clock.instant();
      Instant expiry = gate.expiry(decision);
      ActuatorConfig.Retry retry = config.retry();
      ActionResult result;
      while (true) {
        try {
          result =
              Retrying.call(
                  () -> executor.execute(decision, received),
                  new Retrying.Policy(retry.maxAttempts(), retry.firstDelay(), retry.maxDelay()),
                  failure -> !(failure instanceof EventDecodingException),
                  // Never sleep past the time-to-live: the attempt after it reports "expired".
                  delay -> sleeper.sleep(capped(delay, expiry)),
                  (attempt, delay, failure) ->
                      LOG.warnf(
                          "decisionId=%s workload=%s attempt %d failed, retrying in %d ms: %s",
                          decision.id(),
                          decision.workload(),
                          attempt,
                          capped(delay, expiry).toMillis(),
                          failure.getMessage()));
          break;
        } catch (Retrying.GaveUpException e) {
          if (!claimedElsewhere(e)) {
            reportGivenUp(decision, received, e);
            throw e;
          }
          if (clock.instant().isBefore(expiry)) {
            // The holder may have died after claiming it again: keep asking, until the
            // time-to-live, so the decision is acted on once its claim expires.
            LOG.warnf(
                "decisionId=%s workload=%s still held elsewhere, asking again until %s: %s",
                decision.id(), decision.workload(), expiry, e.getMessage());
            sleepQuietly(capped(retry.maxDelay(), expiry));
            continue;
          }
          if (memory.find(decision.id()).isPresent()) {
            LOG.infof(
                "decisionId=%s workload=%s handled by the instance that held it",
                decision.id(), decision.workload());
            return;
          }
          result =
              executor.giveUp(
                  decision,
                  received,
                  gate.expiredWhileHeld(decision, e.getCause().getMessage()).reason());
          break;
        }
      }
      finished(decision, result);
    } finally {
      MDC.remove("decisionId");
      MDC.remove("namespace");
      MDC.remove("workload");
    }
  }

  private static boolean claimedElsewhere(Retrying.GaveUpException e) {
    return e.getCause() instanceof ActuationUnavailableException unavailable
        && unavailable.reason() == ActuationUnavailableException.Reason.CLAIMED_ELSEWHERE;
  }

  private void sleepQuietly(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another instance", e);
    }
  }

  /**
   * The retries are used up: the decision is reported FAILED, then dead-lettered by the caller's
   * failure strategy.
   */
  private void reportGivenUp(Decision decision, Instant received, Retrying.GaveUpException e) {
    try {
      finished(decision, executor.giveUp(decision, received, e.getMessage()));
    } catch (RuntimeException reportFailed) {
      e.addSuppressed(reportFailed);
    }
  }

  private void finished(Decision decision, ActionResult result) {
    count(decision, result);
    LOG.infof(
        "action %s: decisionId=%s workload=%s type=%s dryRun=%s before=%s after=%s reason=%s",
        result.outcome(),
        decision.id(),
        decision.workload(),
        decision.type(),
        result.dryRun(),
        result.before(),
        result.after(),
        result.reason());
  }

  private Duration capped(Duration delay, Instant expiry) {
    Duration left = Duration.between(clock.instant(), expiry);
    if (left.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(left) > 0 ? left : delay;
  }

  private void count(Decision decision, ActionResult result) {
    actions(result.type(), result.outcome()).increment();
    Timer.builder(ActuatorMetrics.ACTION_DURATION)
        .description("Time from receiving a decision to its outcome")
        .tag(ActuatorMetrics.TAG_TYPE, result.type().name())
        .serviceLevelObjectives(ActuatorMetrics.ACTION_DURATION_BUCKETS.toArray(Duration[]::new))
        .register(registry)
        .record(Duration.between(result.receivedAt(), result.completedAt()));
    if (result.outcome() == ActionOutcome.APPLIED && decision.firstBadSampleAt() != null) {
      Duration taken = Duration.between(decision.firstBadSampleAt(), result.completedAt());
      Timer.builder(ActuatorMetrics.TIME_TO_ACTION)
          .description("Time from the first sample against a revision to the applied action")
          .tag(ActuatorMetrics.TAG_TYPE, result.type().name())
          .serviceLevelObjectives(ActuatorMetrics.TIME_BUCKETS.toArray(Duration[]::new))
          .register(registry)
          // Samples carry the sender's clock: one a little ahead of ours counts as no time.
          .record(taken.isNegative() ? Duration.ZERO : taken);
    }
  }

  private Counter actions(DecisionType type, ActionOutcome outcome) {
    return registry.counter(
        ActuatorMetrics.ACTIONS,
        ActuatorMetrics.TAG_TYPE,
        type.name(),
        ActuatorMetrics.TAG_OUTCOME,
        outcome.name());
  }
}

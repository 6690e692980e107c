package io.governor.scheduler.schedule.kafka;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.scheduler.SchedulerMetrics;
import io.governor.scheduler.config.SchedulerConfig;
import io.governor.scheduler.kafka.SchedulesTopic;
import io.governor.scheduler.leader.Leadership;
import io.governor.scheduler.schedule.ScheduleLoop;
import io.governor.scheduler.schedule.SchedulePlanner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The leader's check loop: every check interval it asks the {@link ScheduleLoop} what fell due by
 * the injected clock, publishes it keyed by workload, and confirms the check only once Kafka has
 * every record.
 */
@ApplicationScoped
public class ScheduleEventPublisher {

  private static final Logger LOG = Logger.getLogger(ScheduleEventPublisher.class);

  @Inject ScheduleLoop loop;
  @Inject Leadership leadership;
  @Inject SchedulesTopic topic;
  @Inject SchedulerConfig config;
  @Inject Clock clock;
  @Inject MeterRegistry registry;

  @PostConstruct
  void metrics() {
    registry.gauge(
        SchedulerMetrics.CHECKED_UNTIL,
        loop,
        l -> l.checkedUntil().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN));
  }

  @Scheduled(
      every = "${governor.scheduler.check-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    if (!leadership.isLeader()) {
      return;
    }
    Optional<ScheduleLoop.Batch> due = loop.due(clock.instant(), leadership.term());
    if (due.isPresent() && published(due.get())) {
      loop.confirm(due.get());
    }
  }

  private boolean published(ScheduleLoop.Batch batch) {
    if (batch.events().isEmpty()) {
      return true;
    }
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (ScheduleEvent event : batch.events()) {
      CloudEvent<ScheduleEvent> cloudEvent =
          CloudEvent.withId(
              SchedulePlanner.idOf(event),
              EventTypes.SCHEDULE,
              config.source(),
              event.workload(),
              event,
              clock);
      sent.add(topic.send(event.workload().key(), null, EventCodec.encode(cloudEvent)));
    }
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      registry.counter(SchedulerMetrics.PUBLISH_FAILURES).increment();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warnf(
          "%d schedule event(s) not confirmed by Kafka, planned again at the next check: %s",
          batch.events().size(), String.valueOf(cause));
      return false;
    }
    if (batch.reason() != ScheduleLoop.Reason.EDGES) {
      LOG.infof(
          "published the schedule level (%s): %d event(s)",
          batch.reason().name().toLowerCase(Locale.ROOT), batch.events().size());
    }
    for (ScheduleEvent event : batch.events()) {
      registry
          .counter(SchedulerMetrics.SCHEDULE_EVENTS, SchedulerMetrics.KIND, event.kind().name())
          .increment();
      LOG.infof(
          "%s workload=%s policy=%s schedule=%s firedAt=%s minReplicas=%s maxReplicas=%s"
              + " endsAt=%s",
          event.kind(),
          event.workload(),
          event.policy(),
          event.schedule(),
          event.firedAt(),
          event.minReplicas(),
          event.maxReplicas(),
          event.endsAt());
    }
    return true;
  }
}

package io.governor.engine.rollback.kafka;

import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.ScheduleEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds events to the judge and publishes its decisions. A record that cannot be read or judged
 * throws; the channel's dead-letter strategy then moves it aside with the reason.
 */
@ApplicationScoped
public class RollbackListener {

  private static final Logger LOG = Logger.getLogger(RollbackListener.class);

  @Inject RollbackJudge judge;
  @Inject DecisionPublisher publisher;

  @Incoming("deployments-in")
  @Blocking
  public void onDeployment(String json) {
    DeploymentEvent event =
        EventCodec.decode(json, EventTypes.DEPLOYMENT, DeploymentEvent.class).data();
    LOG.infof(
        "deployment event: workload=%s kind=%s revision=%s previous=%s",
        event.workload(), event.kind(), event.revision(), event.previousRevision());
    judge.onDeployment(event).forEach(publisher::publish);
  }

  @Incoming("metrics-in")
  @Blocking
  public void onMetrics(String json) {
    MetricBatch batch = EventCodec.decode(json, EventTypes.METRIC_BATCH, MetricBatch.class).data();
    judge.onMetrics(batch).forEach(publisher::publish);
  }

  @Incoming("schedules-in")
  @Blocking
  public void onSchedule(String json) {
    // Ticks will close windows that no sample closes (no-data outcomes); read them now so a bad
    // record is dead-lettered and the consumer group's position is kept.
    ScheduleEvent event = EventCodec.decode(json, EventTypes.SCHEDULE, ScheduleEvent.class).data();
    LOG.debugf("schedule event: kind=%s sequence=%d", event.kind(), event.sequence());
  }
}

package io.governor.ingest.watch.kubernetes;

import io.governor.contracts.DeploymentEvent;
import io.governor.ingest.IngestMetrics;
import io.governor.ingest.watch.Announcement;
import io.governor.ingest.watch.RolloutAnnouncer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Logs and counts what became of each announcement. The log lines carry the workload
 * (namespace/kind/name); the watch also puts {@code namespace} and {@code workload} in the MDC.
 */
@ApplicationScoped
public class WatchTelemetry implements RolloutAnnouncer.Listener {

  private static final Logger LOG = Logger.getLogger(WatchTelemetry.class);

  @Inject MeterRegistry registry;

  @Override
  public void published(Announcement announcement) {
    DeploymentEvent event = announcement.event();
    registry
        .counter(IngestMetrics.WATCH_EVENTS, IngestMetrics.TAG_KIND, event.kind().name())
        .increment();
    LOG.infof(
        "deployment event published by the watch: namespace=%s workload=%s kind=%s revision=%s"
            + " previous=%s image=%s eventId=%s",
        event.workload().namespace(),
        event.workload(),
        event.kind(),
        event.revision(),
        event.previousRevision(),
        event.image(),
        announcement.id());
  }

  @Override
  public void alreadyAnnounced(Announcement announcement) {
    skipped(announcement, "announced");
    LOG.debugf("already announced, not again: %s", announcement.key());
  }

  @Override
  public void claimedElsewhere(Announcement announcement) {
    skipped(announcement, "claimed");
    LOG.infof(
        "another instance is announcing %s; looking again at the next resync", announcement.key());
  }

  @Override
  public void retrying(
      Announcement announcement, int attempt, Duration delay, RuntimeException failure) {
    LOG.warnf(
        "announcing %s: attempt %d failed, retrying in %d ms: %s",
        announcement.key(), attempt, delay.toMillis(), failure.getMessage());
  }

  @Override
  public void gaveUp(Announcement announcement, RuntimeException failure) {
    registry
        .counter(
            IngestMetrics.WATCH_FAILURES,
            IngestMetrics.TAG_KIND,
            announcement.event().kind().name())
        .increment();
    LOG.errorf(
        "not announced %s, the next resync tries again: %s",
        announcement.key(), failure.getMessage());
  }

  private void skipped(Announcement announcement, String reason) {
    registry
        .counter(
            IngestMetrics.WATCH_SKIPPED,
            IngestMetrics.TAG_KIND,
            announcement.event().kind().name(),
            IngestMetrics.TAG_REASON,
            reason)
        .increment();
  }
}

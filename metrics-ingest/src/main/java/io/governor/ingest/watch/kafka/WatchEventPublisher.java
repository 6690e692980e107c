package io.governor.ingest.watch.kafka;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.EventTypes;
import io.governor.ingest.config.IngestConfig;
import io.governor.ingest.kafka.EventPublisher;
import io.governor.ingest.watch.Announcement;
import io.governor.ingest.watch.RolloutAnnouncer;
import io.governor.ingest.watch.WatchUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes the watch's deployment events to governor.deployments.v1 and waits for the broker. */
@ApplicationScoped
public class WatchEventPublisher implements RolloutAnnouncer.Publisher {

  @Inject EventPublisher publisher;
  @Inject IngestConfig config;
  @Inject Clock clock;

  @Override
  public void publish(Announcement announcement) {
    DeploymentEvent event = announcement.event();
    CloudEvent<DeploymentEvent> cloudEvent =
        CloudEvent.withId(
            announcement.id(),
            EventTypes.DEPLOYMENT,
            config.source(),
            event.workload(),
            event,
            clock);
    try {
      publisher
          .publishDeployment(event.workload(), cloudEvent)
          .toCompletableFuture()
          .get(config.watch().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unavailable(e.getCause());
    } catch (TimeoutException e) {
      throw unavailable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    }
  }

  private static WatchUnavailableException unavailable(Throwable cause) {
    return new WatchUnavailableException(
        WatchUnavailableException.Reason.KAFKA,
        "Kafka did not acknowledge the event: " + cause,
        cause);
  }
}

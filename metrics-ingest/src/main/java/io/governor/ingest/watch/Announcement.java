package io.governor.ingest.watch;

import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A deployment event the watch means to publish, with the key under which it is remembered once
 * published.
 *
 * @param key what makes it the same announcement: workload, revision and kind, and for {@link
 *     DeploymentEventKind#REPLICAS_UNAVAILABLE}, which may recur within a revision, the
 *     Deployment's resourceVersion at the drop
 */
public record Announcement(DeploymentEvent event, String key) {

  public Announcement {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(key, "key");
  }

  /** The announcement of an event about the Deployment at {@code resourceVersion}. */
  public static Announcement of(DeploymentEvent event, String resourceVersion) {
    String key = event.workload().key() + "|" + event.revision() + "|" + event.kind();
    if (event.kind() == DeploymentEventKind.REPLICAS_UNAVAILABLE) {
      key += "|" + resourceVersion;
    }
    return new Announcement(event, key);
  }

  /**
   * The CloudEvents id: derived from the key, so a repeat (a crash between publish and remember)
   * carries the same id and a consumer can tell.
   */
  public String id() {
    return UUID.nameUUIDFromBytes(("watch|" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }
}

package io.governor.ingest;

/** Names of the metrics metrics-ingest exports. */
public final class IngestMetrics {

  /** Events accepted and written to Kafka, by stream. */
  public static final String EVENTS_PUBLISHED = "governor.ingest.events.published";

  /** Requests refused, by stream and reason. */
  public static final String REQUESTS_REFUSED = "governor.ingest.requests.refused";

  /** Deployment events the Kubernetes watch published (Kafka has them), by kind. */
  public static final String WATCH_EVENTS = "governor.ingest.watch.events";

  /**
   * Deployment events the watch did not publish, by kind and reason: {@code announced} before (a
   * restart, or another instance), or {@code claimed} by another instance right now.
   */
  public static final String WATCH_SKIPPED = "governor.ingest.watch.skipped";

  /** Announcements whose retries were used up; the next resync tries again. By kind. */
  public static final String WATCH_FAILURES = "governor.ingest.watch.failures";

  /** 1 when every informer of the watch has listed its objects and is watching, else 0. */
  public static final String WATCH_SYNCED = "governor.ingest.watch.synced";

  public static final String TAG_STREAM = "stream";
  public static final String TAG_REASON = "reason";
  public static final String TAG_KIND = "kind";

  private IngestMetrics() {}
}

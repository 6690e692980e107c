package io.governor.ingest;

/** Names of the metrics metrics-ingest exports. */
public final class IngestMetrics {

  /** Events accepted and written to Kafka, by stream. */
  public static final String EVENTS_PUBLISHED = "governor.ingest.events.published";

  /** Requests refused, by stream and reason. */
  public static final String REQUESTS_REFUSED = "governor.ingest.requests.refused";

  public static final String TAG_STREAM = "stream";
  public static final String TAG_REASON = "reason";

  private IngestMetrics() {}
}

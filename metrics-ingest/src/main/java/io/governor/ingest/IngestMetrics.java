package io.governor.ingest;

/** Names of the metrics metrics-ingest exports (Prometheus adds {@code _total} to counters). */
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

  /**
   * 1 when every informer of the watch has listed its objects and is watching, else 0; absent while
   * the watch is off.
   */
  public static final String WATCH_SYNCED = "governor.ingest.watch.synced";

  public static final String TAG_STREAM = "stream";
  public static final String TAG_REASON = "reason";
  public static final String TAG_KIND = "kind";

  /** Write requests answered, by endpoint and outcome ({@link RequestOutcome}). */
  public static final String REQUESTS = "governor.ingest.requests";

  /** Samples written to Kafka, by endpoint. */
  public static final String SAMPLES_ACCEPTED = "governor.ingest.samples.accepted";

  /**
   * Samples left out, by endpoint and reason: a remote-written series without a workload ({@code
   * remotewrite.DropReason}), or a request turned away as a whole ({@code overloaded}, {@code
   * unavailable}).
   */
  public static final String SAMPLES_REJECTED = "governor.ingest.samples.rejected";

  /** Metric requests waiting for Kafka now. */
  public static final String IN_FLIGHT_REQUESTS = "governor.ingest.in.flight.requests";

  /** Samples of the requests waiting for Kafka now. */
  public static final String IN_FLIGHT_SAMPLES = "governor.ingest.in.flight.samples";

  /** Bearer tokens in force. */
  public static final String AUTH_TOKENS = "governor.ingest.auth.tokens";

  /** Reloads of the token file that changed the tokens or failed, by outcome. */
  public static final String AUTH_RELOADS = "governor.ingest.auth.reloads";

  /** Signing keys of the OpenID Connect provider in force; 0 until fetched. */
  public static final String AUTH_OIDC_KEYS = "governor.ingest.auth.oidc.keys";

  /** Fetches of the OpenID Connect provider's keys, by outcome ({@code loaded}, {@code failed}). */
  public static final String AUTH_OIDC_REFRESHES = "governor.ingest.auth.oidc.refreshes";

  /** JWTs refused, by reason ({@code auth.JwtRejectedException.Reason}, in lower case). */
  public static final String AUTH_JWT_REFUSED = "governor.ingest.auth.jwt.refused";

  public static final String TAG_ENDPOINT = "endpoint";
  public static final String TAG_OUTCOME = "outcome";

  private IngestMetrics() {}
}

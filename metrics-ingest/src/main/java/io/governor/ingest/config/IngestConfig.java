package io.governor.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of metrics-ingest; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.ingest")
public interface IngestConfig {

  /** CloudEvents {@code source} of the events this service publishes. */
  @WithDefault("/metrics-ingest")
  String source();

  /** Most samples accepted in one JSON request; a larger request is refused with 413. */
  @WithDefault("10000")
  int maxSamplesPerRequest();

  /**
   * Seconds a client is told to wait (Retry-After) when Kafka cannot take the events or ingest is
   * overloaded.
   */
  @WithDefault("5")
  int retryAfterSeconds();

  /** The Kubernetes watch, which publishes deployment events by itself. */
  Watch watch();

  /** The Kubernetes watch: informers on Deployments and their ReplicaSets. */
  interface Watch {

    /** Whether to watch the cluster; off, only the webhook reports deployments. */
    @WithDefault("true")
    boolean enabled();

    /** Namespaces to watch (comma-separated); not set means every namespace. */
    Optional<List<String>> namespaces();

    /** Label selector of the Deployments to watch, e.g. {@code governor.io/watch=enabled}. */
    Optional<String> labelSelector();

    /** How often every watched Deployment is judged again, which retries what failed. */
    @WithDefault("PT1M")
    Duration resync();

    /**
     * On the first sight of a Deployment after a start, a revision that started rolling out longer
     * ago than this is history: nothing is announced for it.
     */
    @WithDefault("PT30M")
    Duration firstSightMaxAge();

    /** How long an announcement is remembered in Redis, so a restart does not repeat it. */
    @WithDefault("P7D")
    Duration memory();

    /** How long a claim to publish an announcement holds before another instance may take it. */
    @WithDefault("PT2M")
    Duration claimTimeout();

    /** Redis key prefix of remembered announcements. */
    @WithDefault("governor:ingest:announced:")
    String keyPrefix();

    /** How long to wait for Kafka to acknowledge one announcement. */
    @WithDefault("PT15S")
    Duration publishTimeout();

    /** How an announcement is retried while Kafka or Redis is away. */
    Retry retry();
  }

  /** Retry of one step of an announcement; then it waits for the next resync. */
  interface Retry {

    /** Attempts in all, the first included. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait after the first failure; it doubles each time up to {@code max-delay}. */
    @WithDefault("PT0.5S")
    Duration firstDelay();

    /** Longest wait between two attempts. */
    @WithDefault("PT10S")
    Duration maxDelay();
  }

  /**
   * Most metric requests (JSON and remote write) waiting for Kafka at once; one more is answered
   * 429 with Retry-After.
   */
  @WithDefault("64")
  int maxInFlightRequests();

  /**
   * Most samples of the metric requests waiting for Kafka at once; a request that would exceed it
   * is answered 429, a request larger than it 413.
   */
  @WithDefault("200000")
  int maxInFlightSamples();

  /**
   * Most bytes of remote-write bodies (compressed, as received) being decoded or waiting for Kafka
   * at once; one more is answered 429 before it is decoded.
   */
  @WithDefault("67108864")
  long maxInFlightBytes();

  /** Who may write. */
  Auth auth();

  /** The Prometheus remote-write receiver, {@code POST /api/v1/write}. */
  RemoteWrite remoteWrite();

  /** Bearer-token authentication of every write endpoint. */
  interface Auth {

    /**
     * {@code false} lets anyone write: only for a machine nobody else can reach. Health, metrics
     * and OpenAPI never need a token.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * A file of tokens, one per line, {@code name:token} or a bare token (named after its line);
     * {@code #} starts a comment. Meant for a mounted Kubernetes Secret: it is read again every
     * {@link #reloadInterval()}, and a token added or removed there takes effect without a restart.
     */
    Optional<String> tokensFile();

    /**
     * Tokens given directly, comma-separated, each {@code name:token} or a bare token; for a local
     * run ({@code GOVERNOR_INGEST_AUTH_TOKENS}). They add to the file's.
     */
    Optional<List<String>> tokens();

    /** How often the tokens file is read again. */
    @WithDefault("10s")
    Duration reloadInterval();

    /** The realm named in the {@code WWW-Authenticate} challenge of a 401. */
    @WithDefault("governor")
    String realm();

    /** JWT access tokens from an OpenID Connect provider, accepted beside the static tokens. */
    Oidc oidc();
  }

  /**
   * An OpenID Connect provider whose JWT access tokens may write, beside the static tokens. Its
   * keys are read from its discovery document and JWKS; a provider that does not answer delays
   * nothing: the static tokens work meanwhile and the keys are fetched again until they come.
   */
  interface Oidc {

    /**
     * The provider's issuer URL, exactly as its tokens' {@code iss} and its discovery document give
     * it, e.g. {@code https://keycloak.example.com/realms/platform}; the discovery document is read
     * from {@code <issuer>/.well-known/openid-configuration}. Not set: no JWT is accepted.
     */
    Optional<String> issuer();

    /**
     * What a token's {@code aud} (a string or an array) must hold, e.g. {@code governor-ingest};
     * not set: any audience. Set it, or {@link #requiredScope()}, unless every token of the issuer
     * may write.
     */
    Optional<String> audience();

    /**
     * A scope a token must grant, e.g. {@code governor:write}: one of the space-separated values of
     * its {@code scope} claim, or of {@code scp} (a string or an array); not set: none. Roles are
     * not read.
     */
    Optional<String> requiredScope();

    /** How often the provider's keys are fetched again, so a key it retires stops being trusted. */
    @WithDefault("10m")
    Duration jwksRefresh();

    /**
     * Least time between two fetches of the keys caused by tokens that name a key not known (one
     * the provider has just rotated in, or a forged one).
     */
    @WithDefault("30s")
    Duration minRefreshInterval();

    /**
     * How far the provider's clock and ingest's may disagree on {@code exp}, {@code nbf}, {@code
     * iat}.
     */
    @WithDefault("30s")
    Duration clockSkew();

    /** Timeout of each request to the provider, for connecting and again for the answer. */
    @WithDefault("5s")
    Duration httpTimeout();
  }

  /** How remote-written series become samples of a workload's revision. */
  interface RemoteWrite {

    /** The label holding a series' namespace. */
    @WithDefault("namespace")
    String namespaceLabel();

    /**
     * Labels that may name a series' workload, the first present wins: {@code deployment} as
     * kube-state-metrics writes it, then the usual application labels (as Kubernetes service
     * discovery relabels them, and as written on the pod).
     */
    @WithDefault("deployment,app_kubernetes_io_name,app.kubernetes.io/name,app")
    List<String> workloadLabels();

    /** The kind of every workload named by those labels. */
    @WithDefault("Deployment")
    String workloadKind();

    /**
     * Labels that may hold a series' revision, the first present wins. A series without any has no
     * revision: it counts for the workload, not for one of its revisions.
     */
    @WithDefault("pod_template_hash,pod-template-hash,version")
    List<String> revisionLabels();

    /** Most samples in one record on governor.metrics.v1; a larger group is cut in several. */
    @WithDefault("1000")
    int maxSamplesPerBatch();

    /**
     * Most bytes of JSON in one record on governor.metrics.v1 (512 KiB); a larger group is cut in
     * several. Keep it well under the topic's and producer's record limit (1 MB by default).
     */
    @WithDefault("524288")
    int maxBatchBytes();

    /** Most bytes a request body may decompress to; more is refused with 413, unread. */
    @WithDefault("33554432")
    int maxDecompressedBytes();
  }
}

package io.governor.ingest.auth.config;

import io.governor.ingest.IngestMetrics;
import io.governor.ingest.auth.JdkHttpGet;
import io.governor.ingest.auth.JsonWebKeys;
import io.governor.ingest.auth.JwtVerifier;
import io.governor.ingest.auth.OidcKeys;
import io.governor.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * JWTs from the OpenID Connect provider, when {@code governor.ingest.auth.oidc.issuer} is set. The
 * provider's keys are fetched at start, in the background: a provider that does not answer stops
 * nothing; the static tokens work meanwhile, and the fetch is tried again after 1 s, 2 s, 4 s... up
 * to the refresh interval. Once fetched, the keys are fetched again every refresh interval.
 */
@Startup
@ApplicationScoped
public class OidcTokens {

  private static final Logger LOG = Logger.getLogger(OidcTokens.class);

  @Inject IngestConfig config;
  @Inject MeterRegistry registry;
  @Inject Clock clock;

  private OidcKeys keys;
  private JwtVerifier verifier;
  private ScheduledExecutorService refresher;
  private int failures;
  // Logged when it changes, not at every attempt.
  private volatile String lastProblem;
  private volatile List<String> lastIds = List.of();

  @PostConstruct
  void start() {
    IngestConfig.Auth auth = config.auth();
    IngestConfig.Oidc oidc = auth.oidc();
    if (!auth.enabled() || oidc.issuer().isEmpty()) {
      return;
    }
    String issuer = oidc.issuer().get();
    try {
      OidcKeys.discoveryUri(issuer);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("governor.ingest.auth.oidc.issuer: " + e.getMessage(), e);
    }
    keys =
        new OidcKeys(
            issuer,
            new JdkHttpGet(oidc.httpTimeout()),
            clock,
            oidc.minRefreshInterval(),
            this::refreshed);
    verifier =
        new JwtVerifier(
            new JwtVerifier.Rules(issuer, oidc.audience(), oidc.requiredScope(), oidc.clockSkew()),
            keys,
            clock);
    LOG.infof(
        "OpenID Connect: JWTs from %s accepted beside the static tokens (audience %s, scope %s)",
        issuer, oidc.audience().orElse("any"), oidc.requiredScope().orElse("any"));
    if (oidc.audience().isEmpty() && oidc.requiredScope().isEmpty()) {
      LOG.warnf(
          "OpenID Connect: neither governor.ingest.auth.oidc.audience nor"
              + " governor.ingest.auth.oidc.required-scope is set: every token %s issues may write",
          issuer);
    }
    Gauge.builder(IngestMetrics.AUTH_OIDC_KEYS, this, t -> t.keys.keys().size()).register(registry);
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ingest-oidc-keys");
              thread.setDaemon(true);
              return thread;
            });
    refresher.execute(this::refresh);
  }

  /** Whether JWTs are accepted. */
  public boolean enabled() {
    return verifier != null;
  }

  /**
   * Decides on a JWT; completes exceptionally with a {@code JwtRejectedException} when refused.
   *
   * @see JwtVerifier#verifyAsync
   */
  public CompletableFuture<JwtVerifier.Verified> verify(String token) {
    return verifier.verifyAsync(token);
  }

  private void refresh() {
    keys.refresh().whenComplete((fetched, failure) -> scheduleNext(failure == null));
  }

  private synchronized void scheduleNext(boolean loaded) {
    if (refresher.isShutdown()) {
      return;
    }
    Duration every = config.auth().oidc().jwksRefresh();
    Duration next;
    if (loaded) {
      failures = 0;
      next = every;
    } else {
      failures++;
      Duration backoff = Duration.ofSeconds(1L << Math.min(failures - 1, 10));
      next = backoff.compareTo(every) < 0 ? backoff : every;
    }
    refresher.schedule(this::refresh, next.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every fetch's outcome, the periodic ones and those for an unknown kid. */
  private void refreshed(JsonWebKeys fetched, Throwable failure) {
    if (failure == null) {
      registry
          .counter(IngestMetrics.AUTH_OIDC_REFRESHES, IngestMetrics.TAG_OUTCOME, "loaded")
          .increment();
      if (lastProblem != null || !fetched.ids().equals(lastIds)) {
        LOG.infof(
            "OpenID Connect: signing keys of %s in force: %s%s",
            keys.issuer(),
            fetched.ids(),
            fetched.skipped() > 0 ? " (" + fetched.skipped() + " other keys left out)" : "");
      }
      lastIds = fetched.ids();
      lastProblem = null;
      return;
    }
    registry
        .counter(IngestMetrics.AUTH_OIDC_REFRESHES, IngestMetrics.TAG_OUTCOME, "failed")
        .increment();
    String problem = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (!Objects.equals(problem, lastProblem)) {
      LOG.warnf(
          "OpenID Connect: cannot fetch the signing keys of %s (%s); %s, trying again",
          keys.issuer(),
          problem,
          keys.loaded()
              ? "the " + keys.keys().size() + " keys fetched before stay in force"
              : "no JWT is accepted until they come, the static tokens work");
    }
    lastProblem = problem;
  }

  @PreDestroy
  void stop() {
    if (refresher != null) {
      synchronized (this) {
        refresher.shutdownNow();
      }
    }
  }
}

package io.governor.ingest.auth.config;

import io.governor.ingest.IngestMetrics;
import io.governor.ingest.auth.BearerTokens;
import io.governor.ingest.auth.TokenSource;
import io.governor.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The static tokens in force: read at start (a broken or empty source stops the service), then the
 * file again every reload interval, on a thread of its own so no request waits for the disk. With
 * OpenID Connect on ({@link OidcTokens}), there may be no static token at all.
 */
@Startup
@ApplicationScoped
public class IngestTokens {

  private static final Logger LOG = Logger.getLogger(IngestTokens.class);

  @Inject IngestConfig config;
  @Inject MeterRegistry registry;

  private boolean enabled;
  private TokenSource source;
  private ScheduledExecutorService reloads;
  // A broken file is logged when it breaks, not at every reload until it is fixed.
  private String lastProblem;

  @PostConstruct
  void load() {
    IngestConfig.Auth auth = config.auth();
    if (!auth.enabled()) {
      LOG.warn(
          "authentication is off (governor.ingest.auth.enabled=false): anyone who reaches this"
              + " service can write");
      return;
    }
    enabled = true;
    Gauge.builder(IngestMetrics.AUTH_TOKENS, this, t -> t.tokens().size()).register(registry);
    if (auth.tokensFile().isEmpty() && auth.tokens().orElse(List.of()).isEmpty()) {
      if (auth.oidc().issuer().isPresent()) {
        LOG.info("no static bearer token configured: only JWTs from the OpenID Connect provider");
        return;
      }
      throw new IllegalStateException(
          "authentication is on but no token is configured: set governor.ingest.auth.tokens-file"
              + " (GOVERNOR_INGEST_AUTH_TOKENS_FILE), governor.ingest.auth.tokens"
              + " (GOVERNOR_INGEST_AUTH_TOKENS) or governor.ingest.auth.oidc.issuer"
              + " (GOVERNOR_INGEST_AUTH_OIDC_ISSUER), or governor.ingest.auth.enabled=false");
    }
    source = new TokenSource(auth.tokensFile().map(Path::of), auth.tokens().orElse(List.of()));
    BearerTokens tokens = source.load();
    LOG.infof(
        "bearer tokens in force: %s%s",
        tokens.names(),
        auth.tokensFile()
            .map(f -> " (reading " + f + " every " + auth.reloadInterval() + ")")
            .orElse(""));
    if (auth.tokensFile().isPresent()) {
      reloads =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "ingest-token-reload");
                thread.setDaemon(true);
                return thread;
              });
      long every = auth.reloadInterval().toMillis();
      reloads.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void reload() {
    TokenSource.Reload reload = source.reload();
    switch (reload.status()) {
      case CHANGED -> {
        lastProblem = null;
        LOG.infof("bearer tokens reloaded: %s", source.current().names());
        registry
            .counter(IngestMetrics.AUTH_RELOADS, IngestMetrics.TAG_OUTCOME, "changed")
            .increment();
      }
      case FAILED -> {
        if (!reload.problem().equals(lastProblem)) {
          LOG.errorf(
              "bearer tokens not reloaded, the %d in force stay: %s",
              reload.tokens(), reload.problem());
        }
        lastProblem = reload.problem();
        registry
            .counter(IngestMetrics.AUTH_RELOADS, IngestMetrics.TAG_OUTCOME, "failed")
            .increment();
      }
      case UNCHANGED -> lastProblem = null; // the file holds the tokens in force again
    }
  }

  /** Whether requests must carry a token (a static one, or a JWT when OpenID Connect is on). */
  public boolean enabled() {
    return enabled;
  }

  /** The tokens in force; none when authentication is off. */
  public BearerTokens tokens() {
    return source == null ? BearerTokens.none() : source.current();
  }

  @PreDestroy
  void stop() {
    if (reloads != null) {
      reloads.shutdownNow();
    }
  }
}

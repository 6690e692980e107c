package io.governor.ingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The signing keys of one OpenID Connect provider, fetched as OpenID Connect Discovery 1.0 says:
 * {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must be the configured
 * one, names the {@code jwks_uri}, which lists the keys. The keys are cached by {@code kid} and
 * fetched again on {@link #refresh()} (periodically, by whoever holds this) and when a token names
 * a key not known ({@link #refreshForUnknownKey()}, at most once per minimum interval, so forged
 * {@code kid}s cannot make ingest hammer the provider).
 *
 * <p>A fetch that fails leaves the keys in force as they were; the discovery document is read again
 * on the next fetch, in case the provider moved its JWKS.
 */
public final class OidcKeys {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String issuer;
  private final URI discovery;
  private final HttpGet http;
  private final Clock clock;
  private final Duration minRefreshInterval;
  private final BiConsumer<JsonWebKeys, Throwable> onRefresh;

  private volatile JsonWebKeys keys = JsonWebKeys.none();
  private volatile boolean loaded;
  private volatile URI jwksUri;
  // Guarded by this.
  private Instant lastAttempt;
  private CompletableFuture<JsonWebKeys> inFlight;

  /**
   * @param issuer the provider's issuer URL, exactly as its tokens name it
   * @param minRefreshInterval least time between two fetches caused by unknown {@code kid}s
   * @param onRefresh told of every fetch's outcome: the new keys, or why it failed
   */
  public OidcKeys(
      String issuer,
      HttpGet http,
      Clock clock,
      Duration minRefreshInterval,
      BiConsumer<JsonWebKeys, Throwable> onRefresh) {
    this.issuer = issuer;
    this.discovery = discoveryUri(issuer);
    this.http = http;
    this.clock = clock;
    this.minRefreshInterval = minRefreshInterval;
    this.onRefresh = onRefresh;
  }

  /**
   * Where the discovery document of an issuer is: its URL without a trailing {@code /}, then {@code
   * /.well-known/openid-configuration}.
   *
   * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL
   */
  public static URI discoveryUri(String issuer) {
    URI uri;
    try {
      uri = URI.create(issuer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the issuer " + issuer + " is not a URL");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "the issuer " + issuer + " is not an http(s) URL without query or fragment");
    }
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }

  public String issuer() {
    return issuer;
  }

  /** The key a token names; empty when the keys in force hold none. */
  public Optional<JsonWebKeys.Key> key(Optional<String> kid) {
    return keys.find(kid);
  }

  /** The keys in force. */
  public JsonWebKeys keys() {
    return keys;
  }

  /** Whether keys were fetched at least once. */
  public boolean loaded() {
    return loaded;
  }

  /**
   * Fetches the keys now; joins the fetch under way, if any. The future completes once the new keys
   * are in force, or exceptionally with why they could not be fetched.
   */
  public synchronized CompletableFuture<JsonWebKeys> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    CompletableFuture<JsonWebKeys> result = new CompletableFuture<>();
    inFlight = result;
    lastAttempt = clock.instant();
    CompletableFuture<JsonWebKeys> fetch;
    try {
      fetch = jwksUri().thenCompose(http::get).thenApply(OidcKeys::usable);
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    fetch.whenComplete(
        (fetched, failure) -> {
          synchronized (this) {
            if (inFlight == result) {
              inFlight = null;
            }
          }
          Throwable cause = unwrap(failure);
          if (cause == null) {
            keys = fetched;
            loaded = true;
          } else {
            jwksUri = null;
          }
          try {
            onRefresh.accept(fetched, cause);
          } catch (RuntimeException e) {
            // Whoever listens must not keep the keys from those waiting for them.
          }
          if (cause == null) {
            result.complete(fetched);
          } else {
            result.completeExceptionally(cause);
          }
        });
    return result;
  }

  /**
   * Fetches the keys for a token whose {@code kid} is not known, unless a fetch started less than
   * the minimum interval ago: then empty, and the token is refused.
   */
  public synchronized Optional<CompletableFuture<JsonWebKeys>> refreshForUnknownKey() {
    if (inFlight != null) {
      return Optional.of(inFlight);
    }
    if (lastAttempt != null && clock.instant().isBefore(lastAttempt.plus(minRefreshInterval))) {
      return Optional.empty();
    }
    return Optional.of(refresh());
  }

  private CompletableFuture<URI> jwksUri() {
    URI known = jwksUri;
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return http.get(discovery)
        .thenApply(
            body -> {
              URI uri = jwksUriOf(body);
              jwksUri = uri;
              return uri;
            });
  }

  private URI jwksUriOf(String body) {
    JsonNode document;
    try {
      document = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(discovery + " is not JSON");
    }
    if (document == null || !document.isObject()) {
      throw new IllegalStateException(discovery + " is not a JSON object");
    }
    String named = document.path("issuer").asText(null);
    if (!issuer.equals(named)) {
      // OpenID Connect Discovery 1.0, 4.3: the issuer must be exactly the one asked about.
      throw new IllegalStateException(
          discovery + " names the issuer " + named + ", not the configured " + issuer);
    }
    String jwks = document.path("jwks_uri").asText(null);
    if (jwks == null) {
      throw new IllegalStateException(discovery + " has no jwks_uri");
    }
    try {
      URI uri = URI.create(jwks);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException("relative");
      }
      if ("https".equalsIgnoreCase(URI.create(issuer).getScheme())
          && !"https".equalsIgnoreCase(uri.getScheme())) {
        // Keys fetched in the clear could be swapped on the way: an https issuer's keys stay so.
        throw new IllegalStateException(
            discovery + " names a jwks_uri that is not https for an https issuer: " + jwks);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(discovery + " has a jwks_uri that is not a URL: " + jwks);
    }
  }

  private static JsonWebKeys usable(String body) {
    JsonWebKeys fetched = JsonWebKeys.parse(body);
    if (fetched.size() == 0) {
      throw new IllegalStateException(
          "the JWKS holds no usable signing key (RSA of 2048 bits or more, or EC P-256); "
              + fetched.skipped()
              + " left out");
    }
    return fetched;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}

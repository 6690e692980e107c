package io.governor.ingest.auth;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a JSON document from the identity provider; {@link JdkHttpGet} in service, a stand-in in
 * unit tests.
 */
@FunctionalInterface
public interface HttpGet {

  /** The body of a 200 answer; completes exceptionally on any other answer or none. */
  CompletableFuture<String> get(URI uri);
}

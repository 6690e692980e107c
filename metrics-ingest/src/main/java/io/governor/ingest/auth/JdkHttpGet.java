package io.governor.ingest.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link HttpGet} with the JDK's HTTP client and short timeouts: a slow provider fails fast. */
public final class JdkHttpGet implements HttpGet {

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param timeout for the connection, and again for the whole answer
   */
  public JdkHttpGet(Duration timeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            // NORMAL never follows a redirect from https to http.
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<String> get(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(timeout)
            .header("Accept", "application/json")
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new CompletionException(
                    new IOException(uri + " answered HTTP " + response.statusCode()));
              }
              return response.body();
            });
  }
}

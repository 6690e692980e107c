package io.governor.ingest.remotewrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prometheus configurations for the tests, as an operator would write them. */
final class PrometheusConfig {

  private PrometheusConfig() {}

  /**
   * Scrapes one target every second and remote-writes everything to the receiver with the token
   * (from a file, as a mounted Secret would give it), sending within a second and retrying fast.
   */
  static String scrapingAndWriting(String target, URL receiver, Path dir, String token) {
    Path credentials = dir.resolve("ingest-token");
    try {
      Files.writeString(credentials, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: checkout
            static_configs:
              - targets: ['%s']
        remote_write:
          - url: %s
            authorization:
              credentials_file: %s
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 100ms
              max_backoff: 1s
              retry_on_http_429: true
        """
        .formatted(target, receiver, credentials.toAbsolutePath());
  }
}

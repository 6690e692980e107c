package io.governor.actuator.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells a Slack-compatible incoming webhook of an outcome: {@code POST {"text": "..."}}. It is
 * best-effort: the request goes out asynchronously with a short timeout, and a failure is only
 * reported to {@link Failures}; the action never waits for it nor fails because of it.
 */
public final class WebhookNotifier implements Consumer<ActionResult> {

  /** Told when a notification could not be delivered. */
  @FunctionalInterface
  public interface Failures {
    void failed(ActionResult result, String why);
  }

  private final HttpClient http;
  private final URI url;
  private final Duration timeout;
  private final Set<ActionOutcome> outcomes;
  private final Failures failures;

  /**
   * @param outcomes the outcomes worth a message; the others are not sent
   */
  public WebhookNotifier(
      URI url, Duration timeout, Set<ActionOutcome> outcomes, Failures failures) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.url = url;
    this.timeout = timeout;
    this.outcomes = Set.copyOf(outcomes);
    this.failures = failures;
  }

  @Override
  public void accept(ActionResult result) {
    if (!outcomes.contains(result.outcome())) {
      return;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body(result)))
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  failures.failed(result, String.valueOf(error.getMessage()));
                } else if (response.statusCode() / 100 != 2) {
                  failures.failed(result, "the webhook answered HTTP " + response.statusCode());
                }
              });
    } catch (RuntimeException e) {
      failures.failed(result, String.valueOf(e.getMessage()));
    }
  }

  /** The message, one line a person reads in a channel. */
  public static String text(ActionResult result) {
    return "Governor "
        + result.outcome()
        + (result.dryRun() ? " (dry-run)" : "")
        + ": "
        + result.type().name().toLowerCase(Locale.ROOT)
        + " of "
        + result.workload()
        + ": "
        + result.reason()
        + " [decision "
        + result.decisionId()
        + "]";
  }

  static String body(ActionResult result) {
    try {
      return EventCodec.mapper().writeValueAsString(Map.of("text", text(result)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a notification cannot be written", e);
    }
  }
}

package io.governor.ingest.rest;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.http.Problem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The answer to a publishing request: 202 once written, 503 with Retry-After when not. */
public final class Published {

  private Published() {}

  public static CompletionStage<Response> accepted(
      CompletionStage<Void> written,
      CloudEvent<?> event,
      int retryAfterSeconds,
      Runnable onWritten) {
    return written.handle(
        (ok, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            Problem problem =
                Problem.of(
                    503,
                    "Event log unavailable",
                    "the event was not written to Kafka: " + cause.getMessage());
            return Response.status(503)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", retryAfterSeconds)
                .entity(problem)
                .build();
          }
          onWritten.run();
          return Response.accepted(Map.of("id", event.id(), "type", event.type())).build();
        });
  }
}

package io.governor.ingest.rest;

import io.governor.contracts.CloudEvent;
import io.governor.contracts.http.Problem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The answer to a publishing request: 202 (or 204) once written, 503 with Retry-After when not, 429
 * with Retry-After when too much is waiting already. A failure that no retry mends (a record larger
 * than Kafka takes, one that cannot be serialized) is 413 or 400: a 503 would have the sender retry
 * the same request forever.
 */
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
            return unavailable(failure, retryAfterSeconds);
          }
          onWritten.run();
          return Response.accepted(Map.of("id", event.id(), "type", event.type())).build();
        });
  }

  /** 204 once everything is written, as Prometheus' remote write expects; 503 otherwise. */
  public static CompletionStage<Response> noContent(
      CompletionStage<Void> written, int retryAfterSeconds, Runnable onWritten, Runnable onFailed) {
    return written.handle(
        (ok, failure) -> {
          if (failure != null) {
            onFailed.run();
            return unavailable(failure, retryAfterSeconds);
          }
          onWritten.run();
          return Response.noContent().build();
        });
  }

  /** 429: the request is fine but ingest has as much waiting for Kafka as it takes. */
  public static Response overloaded(String detail, int retryAfterSeconds) {
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", retryAfterSeconds)
        .entity(Problem.of(429, "Too Many Requests", detail))
        .build();
  }

  private static Response unavailable(Throwable failure, int retryAfterSeconds) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
        return refused(
            413,
            "Request too large",
            "an event is larger than Kafka takes; send smaller requests: " + t.getMessage());
      }
      if (t instanceof SerializationException) {
        return refused(
            400, "Bad Request", "an event of this request cannot be written: " + t.getMessage());
      }
    }
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

  private static Response refused(int status, String title, String detail) {
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(status, title, detail))
        .build();
  }
}

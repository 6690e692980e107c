package io.governor.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.http.Problem;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a publishing request answers when Kafka did not take its events. */
class PublishedTest {

  private final AtomicInteger failed = new AtomicInteger();

  private Response answer(Throwable failure) {
    return Published.noContent(
            CompletableFuture.failedFuture(new CompletionException(failure)),
            5,
            () -> {},
            failed::incrementAndGet)
        .toCompletableFuture()
        .join();
  }

  @Test
  void aRecordLargerThanKafkaTakesIs413NotARetryForever() {
    Response response =
        answer(new RecordTooLargeException("The message is 1500000 bytes when serialized"));

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getHeaderString("Retry-After")).isNull();
    assertThat(((Problem) response.getEntity()).detail()).contains("larger than Kafka takes");
    assertThat(failed).hasValue(1);
  }

  @Test
  void anEventThatCannotBeSerializedIs400() {
    Response response = answer(new SerializationException("cannot serialize"));

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getHeaderString("Retry-After")).isNull();
  }

  @Test
  void aBrokerThatDidNotAnswerIs503WithRetryAfter() {
    Response response = answer(new TimeoutException("Expiring 1 record(s)"));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
  }
}

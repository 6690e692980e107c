package io.governor.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the attributes and the data travel together as
 * the Kafka record value, so any CloudEvents tool can read a Governor topic.
 *
 * @param subject the workload id, the same as the Kafka key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
    String specversion,
    String id,
    String type,
    String source,
    Instant time,
    String subject,
    String datacontenttype,
    T data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String JSON = "application/json";

  public CloudEvent {
    Objects.requireNonNull(id, "id is missing");
    Objects.requireNonNull(type, "type is missing");
    Objects.requireNonNull(source, "source is missing");
    Objects.requireNonNull(data, "data is missing");
    if (specversion == null) {
      specversion = SPEC_VERSION;
    }
    if (datacontenttype == null) {
      datacontenttype = JSON;
    }
  }

  /** A new event with a random id. */
  public static <T> CloudEvent<T> of(
      String type, String source, WorkloadId subject, T data, Clock clock) {
    return withId(UUID.randomUUID().toString(), type, source, subject, data, clock);
  }

  /** A new event with a given id: a repeat of the same cause keeps its id. */
  public static <T> CloudEvent<T> withId(
      String id, String type, String source, WorkloadId subject, T data, Clock clock) {
    return new CloudEvent<>(
        SPEC_VERSION,
        id,
        type,
        source,
        clock.instant(),
        subject == null ? null : subject.key(),
        JSON,
        data);
  }
}

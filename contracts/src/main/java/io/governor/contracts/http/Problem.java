package io.governor.contracts.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body, as every Governor endpoint answers an error.
 *
 * @param violations one entry per field at fault
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, List<Violation> violations) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A 400 for a request whose fields are at fault. */
  public static Problem invalid(String detail, List<Violation> violations) {
    return new Problem(
        "https://governor.io/problems/invalid-request", "Invalid request", 400, detail, violations);
  }

  /** A problem without field violations. */
  public static Problem of(int status, String title, String detail) {
    return new Problem(
        "https://governor.io/problems/" + title.toLowerCase().replace(' ', '-'),
        title,
        status,
        detail,
        List.of());
  }
}

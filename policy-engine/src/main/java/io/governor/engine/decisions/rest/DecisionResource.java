package io.governor.engine.decisions.rest;

import io.governor.contracts.Decision;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.http.Violation;
import io.governor.engine.decisions.DecisionLog;
import io.governor.engine.policy.PolicyException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Decisions by workload and time, newest first, with their evidence. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DecisionResource {

  @Inject DecisionLog log;
  @Inject Clock clock;

  @GET
  @Operation(
      summary = "Decisions of a workload",
      description =
          "workload is namespace/kind/name; since and until are ISO-8601 instants"
              + " (default: the last 7 days).")
  public List<Decision> find(
      @QueryParam("workload") String workload,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    WorkloadId id;
    try {
      id = WorkloadId.parse(workload);
    } catch (IllegalArgumentException e) {
      throw invalid("workload", e.getMessage());
    }
    Instant to = instant("until", until, clock.instant());
    Instant from = instant("since", since, to.minus(Duration.ofDays(7)));
    if (limit < 1 || limit > 1000) {
      throw invalid("limit", "must be between 1 and 1000");
    }
    return log.find(id, from, to, limit);
  }

  private static Instant instant(String field, String value, Instant fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, "must be an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z");
    }
  }

  private static PolicyException invalid(String field, String message) {
    return new PolicyException(
        PolicyException.Reason.INVALID,
        field + ": " + message,
        List.of(new Violation(field, message)));
  }
}

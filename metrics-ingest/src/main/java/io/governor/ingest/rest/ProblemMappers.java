package io.governor.ingest.rest;

import io.governor.contracts.EventDecodingException;
import io.governor.contracts.http.Problem;
import io.governor.contracts.http.Violation;
import io.governor.ingest.IngestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refusal into problem details; the client sees the field at fault. */
public class ProblemMappers {

  @Inject MeterRegistry registry;

  @ServerExceptionMapper
  public Response refused(RequestRefusedException e) {
    registry
        .counter(IngestMetrics.REQUESTS_REFUSED, IngestMetrics.TAG_REASON, e.reason().name())
        .increment();
    return Response.status(e.problem().status())
        .type(Problem.MEDIA_TYPE)
        .entity(e.problem())
        .build();
  }

  @ServerExceptionMapper
  public Response undecodable(EventDecodingException e) {
    return refused(
        new RequestRefusedException(
            RequestRefusedException.Reason.INVALID_BODY,
            Problem.invalid(
                e.getMessage(), List.of(new Violation(fieldOrBody(e.field()), e.getMessage()))),
            e));
  }

  private static String fieldOrBody(String field) {
    return field == null || field.isEmpty() ? "(body)" : field;
  }
}

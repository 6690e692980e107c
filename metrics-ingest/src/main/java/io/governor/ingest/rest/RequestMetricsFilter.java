package io.governor.ingest.rest;

import io.governor.ingest.IngestMetrics;
import io.governor.ingest.RequestOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every write request by endpoint and outcome, whoever answered it: a resource, an exception
 * mapper or the authentication filter.
 */
public class RequestMetricsFilter {

  /** The endpoint tag of each write path; anything else is {@code other}, to bound the tags. */
  static final Map<String, String> ENDPOINTS =
      Map.of(
          "/v1/deployments", "deployments",
          "/v1/metrics", "metrics",
          "/api/v1/write", "remote_write");

  @Inject MeterRegistry registry;

  @ServerResponseFilter
  public void count(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getPath();
    registry
        .counter(
            IngestMetrics.REQUESTS,
            IngestMetrics.TAG_ENDPOINT,
            ENDPOINTS.getOrDefault(path, "other"),
            IngestMetrics.TAG_OUTCOME,
            RequestOutcome.of(response.getStatus()).tag())
        .increment();
  }
}

package io.governor.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.governor.contracts.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a pipeline or an SRE sends Governor over REST, as plain HTTP calls. */
public final class GovernorClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String ingestUrl;
  private final String engineUrl;
  private final String ingestToken;

  /**
   * @param ingestToken the bearer token metrics-ingest's write endpoints want; null sends none
   */
  public GovernorClient(String ingestUrl, String engineUrl, String ingestToken) {
    this.ingestUrl = ingestUrl;
    this.engineUrl = engineUrl;
    this.ingestToken = ingestToken;
  }

  /** The answer to one call: its status and JSON body. */
  public record Answer(int status, JsonNode body) {}

  public Answer createPolicy(String json) throws IOException, InterruptedException {
    return post(engineUrl + "/v1/policies", json, null);
  }

  public Answer reportDeployment(String json) throws IOException, InterruptedException {
    return post(ingestUrl + "/v1/deployments", json, ingestToken);
  }

  public Answer postMetrics(String json) throws IOException, InterruptedException {
    return post(ingestUrl + "/v1/metrics", json, ingestToken);
  }

  /**
   * Asks the engine to roll a workload back now, skipping the analysis.
   *
   * @param workload its key, {@code namespace/Kind/name}
   * @param json the request: {@code reason}, optionally {@code fromRevision} and {@code toRevision}
   */
  public Answer rollBackNow(String workload, String json) throws IOException, InterruptedException {
    return post(engineUrl + "/v1/workloads/" + workload + "/rollback", json, null);
  }

  /**
   * A workload's scaling as the engine sees it: every input, the forecast; 404 until a policy
   * scales it and its first sample or schedule event has arrived.
   *
   * @param workload its key, {@code namespace/Kind/name}
   */
  public Answer scaling(String workload) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(engineUrl + "/v1/workloads/" + workload + "/scaling"))
            .GET(),
        null);
  }

  private Answer post(String url, String json, String token)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("X-Governor-Actor", "sandbox")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        token);
  }

  private Answer send(HttpRequest.Builder request, String token)
      throws IOException, InterruptedException {
    request.timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), parse(response.body()));
  }

  private static JsonNode parse(String body) {
    try {
      return EventCodec.mapper().readTree(body == null || body.isBlank() ? "null" : body);
    } catch (JsonProcessingException e) {
      return EventCodec.mapper().getNodeFactory().textNode(body);
    }
  }
}

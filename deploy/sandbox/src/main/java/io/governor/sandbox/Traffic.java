package io.governor.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.governor.contracts.EventCodec;
import java.time.Instant;
import java.util.Random;

/**
 * Simulated request and error counters of one revision, as its pods would expose them: cumulative
 * counters with Poisson arrivals and binomial errors, from a fixed seed so a run repeats.
 */
public final class Traffic {

  private final String workload;
  private final String revision;
  private final double requestsPerSecond;
  private final double errorRatio;
  private final Random random;
  private long requests;
  private long errors;

  public Traffic(
      String workload, String revision, double requestsPerSecond, double errorRatio, long seed) {
    this.workload = workload;
    this.revision = revision;
    this.requestsPerSecond = requestsPerSecond;
    this.errorRatio = errorRatio;
    this.random = new Random(seed);
  }

  /** Advances one second and returns the metrics request body with the new counter values. */
  public String nextSecond(Instant now) {
    long arrived = poisson(requestsPerSecond);
    for (long i = 0; i < arrived; i++) {
      if (random.nextDouble() < errorRatio) {
        errors++;
      }
    }
    requests += arrived;
    ObjectNode body = EventCodec.mapper().createObjectNode().put("workload", workload);
    ArrayNode samples = body.putArray("samples");
    sample(samples, "http_requests_total", requests, now);
    sample(samples, "http_request_errors_total", errors, now);
    return body.toString();
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  private void sample(ArrayNode samples, String name, long value, Instant now) {
    ObjectNode sample =
        samples
            .addObject()
            .put("revision", revision)
            .put("name", name)
            .put("type", "COUNTER")
            .put("value", value)
            .put("timestamp", now.toString());
    sample.putObject("labels").put("pod", "checkout-r" + revision);
  }

  private long poisson(double mean) {
    // Knuth's method: fine for the small means of a demo.
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }
}

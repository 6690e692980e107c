package io.governor.sandbox;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * shop/cart, the workload the scaling scenarios load: a Deployment in the sandbox, and the request
 * rate and replica count its pods would report.
 */
final class CartWorkload {

  static final String KEY = "shop/Deployment/cart";
  static final String METRIC = "http_requests_per_second";

  private final KubernetesClient cluster;

  CartWorkload(KubernetesClient cluster) {
    this.cluster = cluster;
  }

  /** Creates the Deployment with this many replicas. */
  void create(int replicas) {
    cluster
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("cart")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", "cart")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "cart")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("cart")
                .withImage("ghcr.io/governor-demo/cart:1.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  /**
   * Its pods report {@code perPod} requests per second each, every second as scrapes would, until
   * the Deployment no longer has {@code replicas}.
   */
  void reportUntilScaled(GovernorClient governor, double perPod, int replicas) {
    await()
        .atMost(RunningGovernor.WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              governor.postMetrics(load(perPod, replicas, Instant.now()));
              return replicas() != replicas;
            });
  }

  int replicas() {
    return cluster
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("cart")
        .get()
        .getSpec()
        .getReplicas();
  }

  /**
   * A metrics request body: each of {@code replicas} pods serving {@code perPod} requests per
   * second at each of the instants, in their order, and the Deployment's replica count at the last.
   */
  static String load(double perPod, int replicas, List<Instant> at) {
    StringJoiner samples = new StringJoiner(",");
    for (Instant instant : at) {
      for (int pod = 0; pod < replicas; pod++) {
        samples.add(sample(METRIC, perPod, instant, "{\"pod\": \"cart-" + pod + "\"}"));
      }
    }
    samples.add(replicaSample(replicas, at.get(at.size() - 1)));
    return body(samples.toString());
  }

  static String load(double perPod, int replicas, Instant now) {
    return load(perPod, replicas, List.of(now));
  }

  /** A metrics request body with the Deployment's replica count only. */
  static String replicas(int replicas, Instant now) {
    return body(replicaSample(replicas, now));
  }

  private static String replicaSample(int replicas, Instant at) {
    return sample("kube_deployment_spec_replicas", replicas, at, "{}");
  }

  private static String sample(String name, double value, Instant at, String labels) {
    return """
        {"name": "%s", "type": "GAUGE", "value": %s, "timestamp": "%s", "labels": %s}
        """
        .formatted(name, value, at, labels);
  }

  private static String body(String samples) {
    return "{\"workload\": \"" + KEY + "\", \"samples\": [" + samples + "]}";
  }
}

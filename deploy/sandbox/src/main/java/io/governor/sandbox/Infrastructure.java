package io.governor.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.Topics;
import io.governor.sandbox.kubernetes.DemoWorkload;
import io.governor.sandbox.kubernetes.SandboxKubernetes;
import io.governor.testsupport.KafkaBroker;
import io.governor.testsupport.RedisServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the services need around them: a Kafka broker, a Redis server and a Kubernetes API. Each is
 * started here unless the environment points at a real one ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code
 * QUARKUS_REDIS_HOSTS}, {@code KUBERNETES_MASTER} or {@code GOVERNOR_KUBERNETES=kubeconfig}).
 */
public final class Infrastructure implements AutoCloseable {

  /** Partitions of each topic on an embedded broker. */
  static final int PARTITIONS = 3;

  private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
  private final Map<String, String> serviceEnv = new LinkedHashMap<>();
  private SandboxKubernetes sandbox;

  /**
   * Starts what the environment does not provide. Each part is known to {@link #close()} from the
   * moment it starts, so a stop during start-up leaves nothing behind.
   */
  public void start(Map<String, String> env, Narrator narrator) {
    try {
      startKafka(env.get("KAFKA_BOOTSTRAP_SERVERS"), narrator);
      startRedis(env.get("QUARKUS_REDIS_HOSTS"), narrator);
      startKubernetes(env, narrator);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startKafka(String external, Narrator narrator) {
    if (external != null && !external.isBlank()) {
      serviceEnv.put("KAFKA_BOOTSTRAP_SERVERS", external);
      narrator.say("kafka", "using " + external);
      return;
    }
    KafkaBroker broker = KafkaBroker.start();
    started.add(broker);
    broker.createTopics(Topics.ALL, PARTITIONS);
    serviceEnv.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    narrator.say("kafka", "broker (KRaft) at " + broker.bootstrapServers() + ", topics created");
  }

  private void startRedis(String external, Narrator narrator) {
    if (external != null && !external.isBlank()) {
      serviceEnv.put("QUARKUS_REDIS_HOSTS", external);
      narrator.say("redis", "using " + external);
      return;
    }
    RedisServer redis = RedisServer.start();
    started.add(redis);
    serviceEnv.put("QUARKUS_REDIS_HOSTS", redis.url());
    narrator.say("redis", "server at " + redis.url());
  }

  private void startKubernetes(Map<String, String> env, Narrator narrator) {
    String url = env.get("KUBERNETES_MASTER");
    if (url != null && !url.isBlank()) {
      serviceEnv.put("KUBERNETES_MASTER", url);
      narrator.say("kubernetes", "using the API server at " + url);
      return;
    }
    if ("kubeconfig".equals(env.get("GOVERNOR_KUBERNETES"))) {
      narrator.say("kubernetes", "using the current kubeconfig context");
      return;
    }
    sandbox = SandboxKubernetes.start(0);
    started.add(sandbox);
    // fabric8's own variables: Quarkus fixes its kubernetes-client keys at build time.
    serviceEnv.put("KUBERNETES_MASTER", sandbox.url());
    serviceEnv.put("KUBERNETES_TRUST_CERTIFICATES", "true");
    // The sandbox speaks plain HTTP/1.1.
    serviceEnv.put("KUBERNETES_HTTP2_DISABLE", "true");
    narrator.say("kubernetes", "sandbox API server at " + sandbox.url());
    new DemoWorkload(sandbox.client()).seed();
    narrator.say(
        "cluster",
        "shop/checkout seeded: revision 1, " + DemoWorkload.INITIAL_IMAGE + ", 3 replicas");
  }

  /** Environment variables that point a service at this infrastructure. */
  public Map<String, String> serviceEnv() {
    return Map.copyOf(serviceEnv);
  }

  /** True when the Kubernetes API is the sandbox, where the demo may deploy. */
  public boolean hasSandbox() {
    return sandbox != null;
  }

  /** A client of the sandbox API; only when {@link #hasSandbox()}. */
  public KubernetesClient sandboxClient() {
    if (sandbox == null) {
      throw new IllegalStateException("no sandbox: Governor runs against a real cluster");
    }
    return sandbox.client();
  }

  public String bootstrapServers() {
    return serviceEnv.get("KAFKA_BOOTSTRAP_SERVERS");
  }

  /** Stops what was started here, newest first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Stopping the rest matters more than this one's failure.
        System.err.println("could not stop " + started.get(i) + ": " + e.getMessage());
      }
    }
    started.clear();
  }
}

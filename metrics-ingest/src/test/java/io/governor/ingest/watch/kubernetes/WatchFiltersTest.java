package io.governor.ingest.watch.kubernetes;

import static io.governor.contracts.DeploymentEventKind.NEW_REVISION;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.WorkloadId;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only the configured namespaces, and only Deployments that match the label selector. */
@QuarkusTest
@TestProfile(WatchFiltersTest.TwoNamespacesLabelled.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class WatchFiltersTest {

  /**
   * Watch team-a and team-b, Deployments labelled governor.io/watch=enabled. (The mock API server
   * answers 400 to a selector whose value is {@code true}; a real one does not.)
   */
  public static class TwoNamespacesLabelled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.ingest.watch.enabled", "true",
          "governor.ingest.watch.namespaces", "team-a,team-b",
          "governor.ingest.watch.label-selector", "governor.io/watch=enabled");
    }
  }

  private static final Map<String, String> WATCHED = Map.of("governor.io/watch", "enabled");

  @Inject KubernetesClient client;
  @Inject DeploymentWatch watch;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private WatchEvents events;
  private Cluster cluster;

  @BeforeEach
  void connect() {
    events = new WatchEvents(bootstrap);
    cluster = new Cluster(client);
  }

  @AfterEach
  void disconnect() {
    events.close();
  }

  @Test
  void onlyLabelledDeploymentsOfTheConfiguredNamespacesAreAnnounced() {
    // Given a labelled Deployment in an unwatched namespace and an unlabelled one in a watched one
    cluster.create("team-c", "api", "ghcr.io/acme/api:1", WATCHED, 1);
    cluster.rollOut("team-c", "api", "ghcr.io/acme/api:2", "deploy 2");
    cluster.create("team-a", "web", "ghcr.io/acme/web:1", Map.of(), 1);
    cluster.rollOut("team-a", "web", "ghcr.io/acme/web:2", "deploy 2");

    // When labelled Deployments of both watched namespaces roll out, after those
    cluster.create("team-a", "worker", "ghcr.io/acme/worker:1", WATCHED, 1);
    cluster.rollOut("team-a", "worker", "ghcr.io/acme/worker:2", "deploy 2");
    cluster.create("team-b", "cron", "ghcr.io/acme/cron:1", WATCHED, 1);
    cluster.rollOut("team-b", "cron", "ghcr.io/acme/cron:2", "deploy 2");

    // Then those two are announced
    events.await("team-a/Deployment/worker", NEW_REVISION, "2");
    events.await("team-b/Deployment/cron", NEW_REVISION, "2");
    // And the others, which the watch handles one at a time in order, were not
    assertThat(events.all("team-c/Deployment/api")).isEmpty();
    assertThat(events.all("team-a/Deployment/web")).isEmpty();
    assertThat(watch.handled(WorkloadId.parse("team-a/Deployment/web"))).isEmpty();
    assertThat(watch.handled(WorkloadId.parse("team-c/Deployment/api"))).isEmpty();
  }
}

package io.governor.ingest.watch.kubernetes;

import static io.governor.contracts.DeploymentEventKind.NEW_REVISION;
import static io.governor.contracts.DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED;
import static io.governor.contracts.DeploymentEventKind.REPLICAS_UNAVAILABLE;
import static io.governor.contracts.DeploymentEventKind.ROLLOUT_COMPLETE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.WorkloadId;
import io.governor.ingest.remotewrite.WorkloadLookup;
import io.governor.ingest.watch.Rollout;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch against the mock API server (CRUD mode, no controllers: {@link Cluster} writes what the
 * Deployment controller would), a real broker and a real Redis.
 */
@QuarkusTest
@TestProfile(DeploymentWatchTest.WatchOn.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class DeploymentWatchTest {

  private static final String REVISION = "deployment.kubernetes.io/revision";

  /** The watch on, in every namespace. */
  public static class WatchOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("governor.ingest.watch.enabled", "true");
    }
  }

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
  void aNewRevisionIsAnnouncedWithItsImageChangeCauseAndPreviousRevision() {
    // Given checkout at revision 1, complete
    cluster.create(
        "shop",
        "checkout",
        "ghcr.io/governor-demo/checkout:1.0",
        Map.of("app", "checkout", "team", "payments"),
        3);

    // When 1.1 is rolled out
    cluster.rollOut("shop", "checkout", "ghcr.io/governor-demo/checkout:1.1", "deploy 1.1");

    // Then revision 2 is announced, keyed by the workload, as the webhook would have it
    ConsumerRecord<String, String> record =
        events.await("shop/Deployment/checkout", NEW_REVISION, "2");
    assertThat(record.key()).isEqualTo("shop/Deployment/checkout");
    CloudEvent<DeploymentEvent> cloudEvent = WatchEvents.decode(record);
    assertThat(cloudEvent.source()).isEqualTo("/metrics-ingest");
    assertThat(cloudEvent.subject()).isEqualTo("shop/Deployment/checkout");
    DeploymentEvent event = cloudEvent.data();
    assertThat(event.previousRevision()).isEqualTo("1");
    assertThat(event.image()).isEqualTo("ghcr.io/governor-demo/checkout:1.1");
    assertThat(event.changeCause()).isEqualTo("deploy 1.1");
    assertThat(event.origin()).isEqualTo("watch");
    assertThat(event.labels()).containsEntry("team", "payments");
    assertThat(event.observedAt()).isNotNull();
    // And counted
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString("governor_ingest_watch_events_total{kind=\"NEW_REVISION\"}"),
            containsString("governor_ingest_watch_synced 1.0"));
  }

  @Test
  void aPodTemplateHashIsNamedByItsRevisionNumber() {
    // Given invoices rolled out to revision 2
    cluster.create(
        "shop", "invoices", "ghcr.io/governor-demo/invoices:1.0", Map.of("app", "invoices"), 2);
    cluster.rollOut("shop", "invoices", "ghcr.io/governor-demo/invoices:1.1", "deploy 1.1");
    events.await("shop/Deployment/invoices", NEW_REVISION, "2");

    // When Prometheus labels a pod by its ReplicaSet's pod-template hash
    WorkloadId invoices = WorkloadId.parse("shop/Deployment/invoices");
    String hash =
        client.apps().replicaSets().inNamespace("shop").list().getItems().stream()
            .filter(rs -> "2".equals(rs.getMetadata().getAnnotations().get(REVISION)))
            .filter(rs -> rs.getMetadata().getName().startsWith("invoices-"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getLabels()
            .get("pod-template-hash");

    // Then the watch names it as the deployment events do, and knows no other hash
    assertThat(watch.revisionOfHash(invoices, hash)).contains("2");
    assertThat(watch.revisionOfHash(invoices, "0000000")).isEmpty();
  }

  @Test
  void aReplicaSetOrAPodOfItIsTracedToItsDeploymentAndRevision() {
    // Given billing rolled out to revision 2
    cluster.create(
        "shop", "billing", "ghcr.io/governor-demo/billing:1.0", Map.of("app", "billing"), 2);
    cluster.rollOut("shop", "billing", "ghcr.io/governor-demo/billing:1.1", "deploy 1.1");
    events.await("shop/Deployment/billing", NEW_REVISION, "2");
    String replicaSet =
        client.apps().replicaSets().inNamespace("shop").list().getItems().stream()
            .filter(rs -> "2".equals(rs.getMetadata().getAnnotations().get(REVISION)))
            .filter(rs -> rs.getMetadata().getName().startsWith("billing-"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();

    // When kube-state-metrics names its ReplicaSet (or a pod of it: the same name and a suffix)
    // Then the watch's cache knows the Deployment that owns it, at the ReplicaSet's revision
    WorkloadLookup.Owner billing2 =
        new WorkloadLookup.Owner(WorkloadId.parse("shop/Deployment/billing"), "2");
    assertThat(watch.byReplicaSet("shop", replicaSet)).contains(billing2);
    assertThat(
            WorkloadLookup.replicaSetOfPod(replicaSet + "-x2k9q")
                .flatMap(rs -> watch.byReplicaSet("shop", rs)))
        .contains(billing2);
    // And no ReplicaSet it does not have
    assertThat(watch.byReplicaSet("shop", "billing-0000000")).isEmpty();
    assertThat(watch.byReplicaSet("other", replicaSet)).isEmpty();
  }

  @Test
  void aCompletedRolloutIsAnnouncedOncePerRevision() {
    // Given cart rolling out revision 2
    cluster.create("shop", "cart", "ghcr.io/governor-demo/cart:1.0", Map.of("app", "cart"), 2);
    cluster.rollOut("shop", "cart", "ghcr.io/governor-demo/cart:1.1", "deploy 1.1");
    events.await("shop/Deployment/cart", NEW_REVISION, "2");

    // When the rollout completes
    cluster.complete("shop", "cart");

    // Then
    events.await("shop/Deployment/cart", ROLLOUT_COMPLETE, "2");
    // And when the Deployment changes again without a new revision (the status is rewritten)
    Deployment rewritten = cluster.complete("shop", "cart");
    awaitHandled("shop/Deployment/cart", rewritten);
    // Then the completion is not announced again
    assertThat(events.count("shop/Deployment/cart", ROLLOUT_COMPLETE, "2")).isEqualTo(1);
    assertThat(events.count("shop/Deployment/cart", NEW_REVISION, "2")).isEqualTo(1);
  }

  @Test
  void anExceededProgressDeadlineIsAnnouncedOnce() {
    // Given search rolling out revision 2
    cluster.create(
        "shop", "search", "ghcr.io/governor-demo/search:1.0", Map.of("app", "search"), 2);
    cluster.rollOut("shop", "search", "ghcr.io/governor-demo/search:1.1", "deploy 1.1");

    // When the rollout makes no progress for its deadline
    cluster.exceedDeadline("shop", "search");

    // Then
    events.await("shop/Deployment/search", PROGRESS_DEADLINE_EXCEEDED, "2");
    Deployment again = cluster.exceedDeadline("shop", "search");
    awaitHandled("shop/Deployment/search", again);
    assertThat(events.count("shop/Deployment/search", PROGRESS_DEADLINE_EXCEEDED, "2"))
        .isEqualTo(1);
    assertThat(events.count("shop/Deployment/search", ROLLOUT_COMPLETE, "2")).isZero();
  }

  @Test
  void fewerAvailableReplicasThanDesiredAfterCompletionIsAnnouncedOnTheDrop() {
    // Given inventory complete with 3 replicas, and the watch has seen it so
    Deployment complete =
        cluster.create(
            "shop",
            "inventory",
            "ghcr.io/governor-demo/inventory:1.0",
            Map.of("app", "inventory"),
            3);
    awaitHandled("shop/Deployment/inventory", complete);

    // When one pod stops being available, then another
    cluster.loseAvailability("shop", "inventory", 2);
    events.await("shop/Deployment/inventory", REPLICAS_UNAVAILABLE, "1");
    Deployment worse = cluster.loseAvailability("shop", "inventory", 1);
    awaitHandled("shop/Deployment/inventory", worse);

    // Then the drop was announced once, not every update
    assertThat(events.count("shop/Deployment/inventory", REPLICAS_UNAVAILABLE, "1")).isEqualTo(1);
  }

  @Test
  void aRestartAnnouncesNothingTwiceAndMissesNothing() {
    // Given orders at revision 2, announced and complete, and ledger complete at revision 1
    cluster.create(
        "shop", "orders", "ghcr.io/governor-demo/orders:1.0", Map.of("app", "orders"), 2);
    cluster.rollOut("shop", "orders", "ghcr.io/governor-demo/orders:1.1", "deploy 1.1");
    cluster.complete("shop", "orders");
    events.await("shop/Deployment/orders", ROLLOUT_COMPLETE, "2");
    Deployment ledger =
        cluster.create(
            "shop", "ledger", "ghcr.io/governor-demo/ledger:1.0", Map.of("app", "ledger"), 1);
    awaitHandled("shop/Deployment/ledger", ledger);
    long ledgerEvents = events.all("shop/Deployment/ledger").size();

    // When ingest stops, orders 1.2 starts rolling out meanwhile, and ingest starts again
    watch.stop();
    Deployment orders =
        cluster.rollOut("shop", "orders", "ghcr.io/governor-demo/orders:1.2", "deploy 1.2");
    watch.start();

    // Then the revision that appeared meanwhile is announced
    ConsumerRecord<String, String> missed =
        events.await("shop/Deployment/orders", NEW_REVISION, "3");
    assertThat(WatchEvents.decode(missed).data().previousRevision()).isEqualTo("2");
    // And, once the restarted watch has judged both workloads, nothing was announced twice
    awaitHandled("shop/Deployment/orders", orders);
    awaitHandled("shop/Deployment/ledger", ledger);
    assertThat(events.count("shop/Deployment/orders", NEW_REVISION, "2")).isEqualTo(1);
    assertThat(events.count("shop/Deployment/orders", ROLLOUT_COMPLETE, "2")).isEqualTo(1);
    assertThat(events.count("shop/Deployment/orders", NEW_REVISION, "3")).isEqualTo(1);
    assertThat(events.all("shop/Deployment/ledger")).hasSize((int) ledgerEvents);
  }

  @Test
  void aRestartWhileTheAnnouncedRevisionIsStillCurrentAnnouncesItNotAgain() {
    // Given shipping rolling out revision 2, announced and judged
    cluster.create(
        "shop", "shipping", "ghcr.io/governor-demo/shipping:1.0", Map.of("app", "shipping"), 2);
    Deployment rolling =
        cluster.rollOut("shop", "shipping", "ghcr.io/governor-demo/shipping:1.1", "deploy 1.1");
    events.await("shop/Deployment/shipping", NEW_REVISION, "2");
    awaitHandled("shop/Deployment/shipping", rolling);

    // When ingest stops, the rollout progresses to completion meanwhile (the controller refreshes
    // the Progressing condition), and ingest starts again while revision 2 is still the newest
    watch.stop();
    Deployment complete = cluster.complete("shop", "shipping");
    watch.start();

    // Then what happened meanwhile is announced
    events.await("shop/Deployment/shipping", ROLLOUT_COMPLETE, "2");
    // And, once the restarted watch has judged it, revision 2 was not announced a second time
    awaitHandled("shop/Deployment/shipping", complete);
    assertThat(events.count("shop/Deployment/shipping", NEW_REVISION, "2")).isEqualTo(1);
    assertThat(events.count("shop/Deployment/shipping", ROLLOUT_COMPLETE, "2")).isEqualTo(1);
  }

  /** Waits until the watch has handled the Deployment at (at least) the given version. */
  private void awaitHandled(String workload, Deployment version) {
    long wanted = Long.parseLong(version.getMetadata().getResourceVersion());
    Predicate<Rollout> caughtUp = r -> Long.parseLong(r.resourceVersion()) >= wanted;
    await()
        .atMost(WatchEvents.WAIT)
        .until(() -> watch.handled(WorkloadId.parse(workload)).filter(caughtUp).isPresent());
  }
}

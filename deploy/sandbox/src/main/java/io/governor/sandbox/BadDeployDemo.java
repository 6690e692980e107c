package io.governor.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.ActionOutcome;
import io.governor.contracts.ActionResult;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.Evidence;
import io.governor.contracts.Topics;
import io.governor.sandbox.kubernetes.DemoWorkload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Plays a bad deploy against the sandbox and narrates it: checkout 1.1 fails one request in eight,
 * Governor decides and rolls back to 1.0.
 */
public final class BadDeployDemo {

  static final String GOOD_IMAGE = DemoWorkload.INITIAL_IMAGE;
  static final String BAD_IMAGE = "ghcr.io/governor-demo/checkout:1.1";
  static final String WORKLOAD = "shop/Deployment/checkout";

  static final String POLICY =
      """
      {"name": "checkout-errors",
       "target": {"namespace": "shop", "kind": "Deployment", "name": "checkout"},
       "mode": "enforce",
       "rollback": {"errorRate": {"requestsMetric": "http_requests_total",
                                  "errorsMetric": "http_request_errors_total",
                                  "maxRatio": 0.05, "baselineFactor": 3,
                                  "falseAlarmRate": 0.001, "minRequests": 50}}}
      """;

  private final GovernorClient governor;
  private final KubernetesClient cluster;
  private final String bootstrapServers;
  private final Narrator narrator;
  private final Clock clock;
  private final CountDownLatch rolledBack = new CountDownLatch(1);

  public BadDeployDemo(
      GovernorClient governor,
      KubernetesClient cluster,
      String bootstrapServers,
      Narrator narrator,
      Clock clock) {
    this.governor = governor;
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
    this.narrator = narrator;
    this.clock = clock;
  }

  /** Plays the scenario; returns true when the rollback happened within the time allowed. */
  public boolean play(Duration allowed) throws IOException, InterruptedException {
    DemoWorkload demo = new DemoWorkload(cluster);
    try (EventWatcher watcher =
        new EventWatcher(
            bootstrapServers, List.of(Topics.DECISIONS, Topics.ACTIONS), this::narrate)) {
      GovernorClient.Answer policy = governor.createPolicy(POLICY);
      narrator.say(
          "policy",
          "checkout-errors v"
              + policy.body().path("version").asText("?")
              + " (HTTP "
              + policy.status()
              + "): roll back shop/checkout when its errors exceed 5%, or 3 times revision 1's"
              + " (false-alarm rate 0.1%)");

      Traffic healthy = new Traffic(WORKLOAD, "1", 20, 0.005, 1);
      for (int second = 0; second < 3; second++) {
        governor.postMetrics(healthy.nextSecond(clock.instant()));
        Thread.sleep(1000);
      }
      narrator.say(
          "traffic",
          String.format(
              "revision 1 (%s): %d requests, %d errors",
              GOOD_IMAGE, healthy.requests(), healthy.errors()));

      demo.deployImage(BAD_IMAGE, "deploy 1.1");
      String revision = awaitRevision(demo, "2");
      narrator.say("cluster", "shop/checkout revision " + revision + " rolled out: " + BAD_IMAGE);
      GovernorClient.Answer reported =
          governor.reportDeployment(
              """
              {"workload": "%s", "kind": "NEW_REVISION", "revision": "2",
               "previousRevision": "1", "image": "%s", "changeCause": "deploy 1.1"}
              """
                  .formatted(WORKLOAD, BAD_IMAGE));
      narrator.say(
          "deploy",
          "pipeline reported revision 2 to metrics-ingest (HTTP " + reported.status() + ")");

      Traffic bad = new Traffic(WORKLOAD, "2", 20, 0.125, 2);
      Instant deadline = clock.instant().plus(allowed);
      while (rolledBack.getCount() > 0 && clock.instant().isBefore(deadline)) {
        // A rolling update: revision 1's pods still serve beside revision 2's, the baseline.
        governor.postMetrics(healthy.nextSecond(clock.instant()));
        governor.postMetrics(bad.nextSecond(clock.instant()));
        narrator.say(
            "traffic",
            String.format(
                "revision 2 (%s): %d requests, %d errors (%.1f%%); revision 1: %d, %d",
                BAD_IMAGE,
                bad.requests(),
                bad.errors(),
                bad.requests() == 0 ? 0.0 : 100.0 * bad.errors() / bad.requests(),
                healthy.requests(),
                healthy.errors()));
        rolledBack.await(1, TimeUnit.SECONDS);
      }
      if (rolledBack.getCount() > 0) {
        narrator.say("demo", "no rollback within " + allowed.toSeconds() + " s");
        return false;
      }
      Deployment live = awaitImage(demo, GOOD_IMAGE);
      narrator.say(
          "cluster",
          "shop/checkout is at revision "
              + live.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")
              + " with "
              + GOOD_IMAGE
              + ": revision 1's pod template is live again");
      return true;
    }
  }

  private void narrate(ConsumerRecord<String, String> record) {
    if (!WORKLOAD.equals(record.key())) {
      return;
    }
    if (record.topic().equals(Topics.DECISIONS)) {
      Decision decision =
          EventCodec.decode(record.value(), EventTypes.DECISION, Decision.class).data();
      narrator.say(
          "decision",
          decision.type()
              + " "
              + decision.workload()
              + " "
              + decision.target().fromRevision()
              + " -> "
              + decision.target().toRevision()
              + ", id "
              + decision.id()
              + ", policy "
              + decision.policy()
              + " v"
              + decision.policyVersion());
      for (Evidence evidence : decision.evidence()) {
        narrator.say(
            "evidence", evidence.rule() + " " + evidence.verdict() + ": " + evidence.summary());
        narrator.say(
            "evidence",
            "observed "
                + rounded(evidence.observed())
                + ", thresholds "
                + rounded(evidence.thresholds()));
      }
    } else {
      ActionResult result =
          EventCodec.decode(record.value(), EventTypes.ACTION_RESULT, ActionResult.class).data();
      narrator.say(
          "actuator",
          result.outcome()
              + " for decision "
              + result.decisionId()
              + ": "
              + result.reason()
              + "; "
              + result.before()
              + " -> "
              + result.after());
      if (result.outcome() == ActionOutcome.APPLIED) {
        rolledBack.countDown();
      }
    }
  }

  private static String rounded(Map<String, Double> values) {
    StringJoiner joined = new StringJoiner(", ", "{", "}");
    values.forEach((name, value) -> joined.add(name + "=" + String.format("%.4g", value)));
    return joined.toString();
  }

  private static String awaitRevision(DemoWorkload demo, String revision)
      throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Deployment live = demo.deployment().get();
      String current = live.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
      if (revision.equals(current)) {
        return current;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the sandbox never rolled out revision " + revision);
  }

  private static Deployment awaitImage(DemoWorkload demo, String image)
      throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Deployment live = demo.deployment().get();
      if (image.equals(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          && live.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision") != null
          && !"2"
              .equals(
                  live.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))) {
        return live;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the Deployment never showed " + image);
  }
}

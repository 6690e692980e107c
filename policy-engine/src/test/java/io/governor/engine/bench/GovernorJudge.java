package io.governor.engine.bench;

import io.governor.contracts.Decision;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.DeploymentEventKind;
import io.governor.contracts.MetricBatch;
import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.contracts.WorkloadId;
import io.governor.engine.policy.AnalysisSettings;
import io.governor.engine.policy.ErrorRateRule;
import io.governor.engine.policy.HealthRule;
import io.governor.engine.policy.LatencyRule;
import io.governor.engine.policy.NoDataRule;
import io.governor.engine.policy.Policy;
import io.governor.engine.policy.PolicyTarget;
import io.governor.engine.policy.RollbackPolicy;
import io.governor.engine.policy.StoredPolicy;
import io.governor.engine.rollback.RollbackEngine;
import io.governor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Governor's engine, as the policy-engine runs it, on simulated time. */
final class GovernorJudge implements Judge {

  static final StoredPolicy POLICY =
      new StoredPolicy(
          new Policy(
              "bench",
              new PolicyTarget("bench", null, "app"),
              null,
              new RollbackPolicy(
                  new AnalysisSettings(
                      Duration.ofMinutes(30),
                      Duration.ofMinutes(10),
                      new NoDataRule(null, NoDataRule.Consequence.ROLLBACK)),
                  new ErrorRateRule("requests", "errors", 0.05, null, null, null, null),
                  new LatencyRule("latency_bucket", null, null, null, null, null, null),
                  new HealthRule("restarts", null, "waiting", null, null, null, null, null))),
          1,
          Instant.EPOCH,
          "bench");

  private static final WorkloadId WORKLOAD = WorkloadId.parse("bench/Deployment/app");
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final RollbackEngine engine = new RollbackEngine(clock);
  private static final double PROGRESS_DEADLINE_SECONDS = 600;

  private final boolean crashLoop;
  private boolean started;
  private boolean deadlineReported;
  private long[] history;
  private long[] historyBuckets;

  GovernorJudge(Scenario scenario) {
    this.crashLoop = scenario.crashLoop();
  }

  @Override
  public String name() {
    return "Governor";
  }

  @Override
  public OptionalDouble observe(double seconds, Traffic counts, boolean silent) {
    Instant now = T0.plusMillis((long) (seconds * 1000));
    clock.set(now);
    List<Decision> decisions = new ArrayList<>();
    if (!started) {
      started = true;
      // Governor watched the live revision before the deploy: three hours of its traffic.
      history = counts.history(3 * 3600);
      historyBuckets = counts.historyBuckets(3 * 3600);
      List<MetricSample> before = new ArrayList<>();
      before.add(counter("1", "requests", history[0], T0.minusSeconds(1)));
      before.add(counter("1", "errors", history[1], T0.minusSeconds(1)));
      buckets(before, "1", new long[Traffic.BOUNDS.length], historyBuckets, T0.minusSeconds(1));
      engine.onMetrics(new MetricBatch(WORKLOAD, before));
      decisions.addAll(
          engine.onDeployment(
              new DeploymentEvent(
                  WORKLOAD, DeploymentEventKind.NEW_REVISION, "2", "1", null, null, "bench", T0),
              List.of(POLICY)));
    }
    List<MetricSample> samples = new ArrayList<>();
    if (!silent) {
      samples.add(counter("2", "requests", counts.newRequests, now));
      samples.add(counter("2", "errors", counts.newErrors, now));
      samples.add(counter("2", "restarts", counts.newRestarts, now));
      samples.add(
          new MetricSample(
              "2",
              "waiting",
              MetricType.GAUGE,
              Map.of("reason", "CrashLoopBackOff", "container", "app"),
              counts.newBackingOff,
              now));
      buckets(samples, "2", counts.newBuckets, null, now);
    }
    samples.add(counter("1", "requests", history[0] + counts.baseRequests, now));
    samples.add(counter("1", "errors", history[1] + counts.baseErrors, now));
    buckets(samples, "1", counts.baseBuckets, historyBuckets, now);
    if (crashLoop && seconds >= PROGRESS_DEADLINE_SECONDS && !deadlineReported) {
      // The crashing pods never become ready: Kubernetes reports the deadline after 600 s.
      deadlineReported = true;
      decisions.addAll(
          engine.onDeployment(
              new DeploymentEvent(
                  WORKLOAD,
                  DeploymentEventKind.PROGRESS_DEADLINE_EXCEEDED,
                  "2",
                  null,
                  null,
                  null,
                  "bench",
                  now),
              List.of(POLICY)));
    }
    decisions.addAll(engine.onMetrics(new MetricBatch(WORKLOAD, samples)));
    decisions.addAll(engine.onTick(now));
    for (Decision decision : decisions) {
      engine.confirm(decision);
      if (!decision.dryRun()) {
        return OptionalDouble.of(seconds);
      }
    }
    return OptionalDouble.empty();
  }

  private static void buckets(
      List<MetricSample> samples, String revision, long[] counts, long[] offset, Instant at) {
    for (int b = 0; b < Traffic.BOUNDS.length; b++) {
      double bound = Traffic.BOUNDS[b];
      String le = Double.isInfinite(bound) ? "+Inf" : Double.toString(bound);
      samples.add(
          new MetricSample(
              revision,
              "latency_bucket",
              MetricType.HISTOGRAM_BUCKET,
              Map.of("le", le),
              counts[b] + (offset == null ? 0 : offset[b]),
              at));
    }
  }

  private static MetricSample counter(String revision, String name, long value, Instant at) {
    return new MetricSample(revision, name, MetricType.COUNTER, Map.of(), value, at);
  }
}

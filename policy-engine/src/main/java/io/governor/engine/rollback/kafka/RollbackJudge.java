package io.governor.engine.rollback.kafka;

import io.governor.contracts.Decision;
import io.governor.contracts.DeploymentEvent;
import io.governor.contracts.MetricBatch;
import io.governor.engine.EngineMetrics;
import io.governor.engine.policy.PolicyStore;
import io.governor.engine.policy.StoredPolicy;
import io.governor.engine.rollback.RollbackEngine;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;

/**
 * The one engine of this instance, guarded by a lock: deployments and metrics arrive on different
 * channels and threads but touch the same workload state.
 */
@ApplicationScoped
public class RollbackJudge {

  @Inject Clock clock;
  @Inject PolicyStore policies;
  @Inject MeterRegistry registry;

  private RollbackEngine engine;

  @PostConstruct
  void start() {
    engine = new RollbackEngine(clock);
    registry.gauge(EngineMetrics.ANALYSES_RUNNING, this, judge -> judge.running());
  }

  public List<Decision> onDeployment(DeploymentEvent event) {
    // The policy in force when the revision appears judges it, whatever changes later.
    List<StoredPolicy> matching =
        policies.list().stream()
            .filter(stored -> stored.policy().target().matches(event.workload()))
            .toList();
    synchronized (this) {
      return engine.onDeployment(event, matching);
    }
  }

  public synchronized List<Decision> onMetrics(MetricBatch batch) {
    return engine.onMetrics(batch);
  }

  private synchronized double running() {
    return engine.runningAnalyses();
  }
}

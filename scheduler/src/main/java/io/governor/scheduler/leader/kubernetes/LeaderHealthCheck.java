package io.governor.scheduler.leader.kubernetes;

import io.governor.scheduler.leader.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says who leads. Always up: a standby replica is ready to take over, which is its job; only the
 * details tell the leader apart.
 */
@Readiness
@ApplicationScoped
public class LeaderHealthCheck implements HealthCheck {

  @Inject Leadership leadership;
  @Inject SchedulerLeaderElection election;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("Scheduler leader election")
        .up()
        .withData("leader", leadership.isLeader())
        .withData("identity", leadership.identity())
        .withData("holder", leadership.holder().orElse("none"))
        .withData("lease", election.lease())
        .build();
  }
}

package io.governor.scheduler.schedule.redis;

import io.governor.scheduler.SchedulerMetrics;
import io.governor.scheduler.config.SchedulerConfig;
import io.governor.scheduler.schedule.PolicySchedules;
import io.governor.scheduler.schedule.ScheduleLoop;
import io.governor.scheduler.schedule.WorkloadSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Reads the schedules from the policies policy-engine keeps in Redis, at start and then every
 * refresh interval, so an edit takes effect without a restart. When Redis cannot be read, the
 * schedules read before stay in force.
 */
@ApplicationScoped
public class RedisScheduleSource {

  private static final Logger LOG = Logger.getLogger(RedisScheduleSource.class);

  @Inject RedisDataSource redis;
  @Inject ScheduleLoop loop;
  @Inject SchedulerConfig config;
  @Inject MeterRegistry registry;

  private HashCommands<String, String, String> hashes;
  private final AtomicInteger inForce = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  // Problems are logged when they appear, not at every refresh.
  private Set<String> reported = Set.of();
  private boolean failing;

  @PostConstruct
  void start() {
    hashes = redis.hash(String.class);
    registry.gauge(SchedulerMetrics.SCHEDULES, inForce);
    registry.gauge(SchedulerMetrics.SCHEDULES_SKIPPED, skipped);
  }

  @Scheduled(
      every = "${governor.scheduler.policy-refresh}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    Map<String, String> policies;
    try {
      policies = new TreeMap<>(hashes.hgetall(config.policiesKey()));
    } catch (RuntimeException e) {
      registry.counter(SchedulerMetrics.POLICY_READ_FAILURES).increment();
      if (!failing) {
        LOG.warnf(
            "cannot read the policies from Redis; the %d schedule(s) read before stay in force: %s",
            inForce.get(), e.getMessage());
      }
      failing = true;
      return;
    }
    if (failing) {
      LOG.info("the policies can be read from Redis again");
      failing = false;
    }
    List<WorkloadSchedule> schedules = new ArrayList<>();
    Set<String> problems = new HashSet<>();
    policies.forEach(
        (name, json) -> {
          PolicySchedules.Read read = PolicySchedules.read(name, json);
          schedules.addAll(read.schedules());
          problems.addAll(read.problems());
        });
    for (String problem : problems) {
      if (!reported.contains(problem)) {
        LOG.warn(problem);
      }
    }
    reported = Set.copyOf(problems);
    skipped.set(problems.size());
    inForce.set(schedules.size());
    if (loop.replaceSchedules(schedules)) {
      LOG.infof(
          "schedules read: %d in force from %d policies, %d skipped",
          schedules.size(), policies.size(), problems.size());
    }
  }
}

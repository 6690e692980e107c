package io.governor.scheduler.config;

import io.governor.scheduler.leader.Leadership;
import io.governor.scheduler.schedule.ScheduleLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/** The plain objects that hold the scheduler's state, one of each per instance. */
@ApplicationScoped
public class SchedulerBeans {

  @Produces
  @Singleton
  Leadership leadership(SchedulerConfig config) {
    String identity =
        config
            .leader()
            .identity()
            .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
            .filter(name -> !name.isBlank())
            .orElseGet(() -> "scheduler-" + UUID.randomUUID());
    return config.leader().enabled() ? new Leadership(identity) : Leadership.always(identity);
  }

  @Produces
  @Singleton
  ScheduleLoop scheduleLoop(SchedulerConfig config) {
    return new ScheduleLoop(config.maxCheckGap(), config.levelEvery());
  }
}

package io.governor.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the scheduler; every key can be set by environment variable. */
@ConfigMapping(prefix = "governor.scheduler")
public interface SchedulerConfig {

  /** CloudEvents {@code source} of the events this service publishes. */
  @WithDefault("/scheduler")
  String source();

  /** How often a tick is published to every partition of the schedules topic. */
  @WithDefault("10s")
  Duration tickInterval();
}

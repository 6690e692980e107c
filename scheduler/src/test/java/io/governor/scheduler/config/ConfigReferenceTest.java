package io.governor.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.testsupport.ConfigReference;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists every key of {@link SchedulerConfig}, with its variable and default. */
class ConfigReferenceTest {

  @Test
  void theOperationsGuideListsEveryKey() {
    assertThat(ConfigReference.problems(SchedulerConfig.class)).isEmpty();
  }
}

package io.governor.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.engine.policy.ScalingPolicy.Behavior;
import io.governor.engine.policy.ScalingPolicy.RatePolicy;
import io.governor.engine.policy.ScalingPolicy.RateType;
import io.governor.engine.policy.ScalingPolicy.Rules;
import io.governor.engine.policy.ScalingPolicy.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaBehaviorTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final Behavior HPA = Behavior.hpaDefaults();

  private final ReplicaBehavior behavior = new ReplicaBehavior();

  @Test
  void scaleUpIsLimitedToTheLargerOfFourPodsAndDoublingPer15Seconds() {
    // From 2 to 50: max(2 + 4, 2 * 2) = 6, then max(6 + 4, 12) = 12, then 24, then 48
    int current = 2;
    int[] expected = {6, 12, 24, 48, 50};
    for (int step = 0; step < expected.length; step++) {
      Instant now = T0.plusSeconds(15L * step);
      int next = behavior.normalize(current, 50, 1, 100, HPA, now);
      assertThat(next).as("step %d", step).isEqualTo(expected[step]);
      behavior.changed(current, next, now);
      current = next;
    }
  }

  @Test
  void scaleDownWaitsForFiveMinutesOfLowerRecommendations() {
    // Given 10 replicas recommended, then 4 from the next evaluation on
    behavior.normalize(10, 10, 1, 100, HPA, T0);
    for (int s = 15; s < 300; s += 15) {
      assertThat(behavior.normalize(10, 4, 1, 100, HPA, T0.plusSeconds(s)))
          .as("at %d s", s)
          .isEqualTo(10);
    }

    // Then, once the 10 is older than the 300 s window, it goes down to 4 at once (100% per 15 s)
    assertThat(behavior.normalize(10, 4, 1, 100, HPA, T0.plusSeconds(300))).isEqualTo(4);
  }

  @Test
  void scaleDownWithSelectMinTakesTheSmallestStep() {
    Behavior gentleDown =
        new Behavior(
            HPA.scaleUp(),
            new Rules(
                Duration.ZERO,
                SelectPolicy.MIN,
                List.of(
                    new RatePolicy(RateType.PODS, 1, Duration.ofMinutes(1)),
                    new RatePolicy(RateType.PERCENT, 50, Duration.ofMinutes(1)))));

    // 20 down to 4: 50% would allow 10, one pod allows 19; min takes 19
    assertThat(behavior.normalize(20, 4, 1, 100, gentleDown, T0)).isEqualTo(19);
  }

  @Test
  void aDisabledDirectionNeverMoves() {
    Behavior noScaleDown =
        new Behavior(HPA.scaleUp(), new Rules(Duration.ZERO, SelectPolicy.DISABLED, List.of()));

    assertThat(behavior.normalize(10, 3, 1, 100, noScaleDown, T0)).isEqualTo(10);
  }

  @Test
  void selectMinTakesTheSmallestChange() {
    Behavior slowUp =
        new Behavior(
            new Rules(
                Duration.ZERO,
                SelectPolicy.MIN,
                List.of(
                    new RatePolicy(RateType.PODS, 2, Duration.ofMinutes(1)),
                    new RatePolicy(RateType.PERCENT, 50, Duration.ofMinutes(1)))),
            HPA.scaleDown());

    assertThat(behavior.normalize(10, 30, 1, 100, slowUp, T0)).isEqualTo(12);
    behavior.changed(10, 12, T0);
    // Within the same minute the 2 pods are used up
    assertThat(behavior.normalize(12, 30, 1, 100, slowUp, T0.plusSeconds(30))).isEqualTo(12);
  }
}

package io.governor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.ScheduleEvent;
import io.governor.scheduler.tick.TickSequence;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TickSequenceTest {

  @Test
  void ticksAreNumberedFromOneAndStampedByTheClock() {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    TickSequence sequence = new TickSequence(Clock.fixed(now, ZoneOffset.UTC));

    ScheduleEvent first = sequence.next();
    ScheduleEvent second = sequence.next();

    assertThat(first.sequence()).isEqualTo(1);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.firedAt()).isEqualTo(now);
    assertThat(sequence.last()).isEqualTo(2);
  }
}

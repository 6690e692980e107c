package io.governor.scheduler.tick;

import io.governor.contracts.ScheduleEvent;
import java.time.Clock;

/** Numbers the ticks of this leader, so a consumer can tell a missed tick from a late one. */
public final class TickSequence {

  private final Clock clock;
  private long next = 1;

  public TickSequence(Clock clock) {
    this.clock = clock;
  }

  public synchronized ScheduleEvent next() {
    return ScheduleEvent.tick(next++, clock.instant());
  }

  public synchronized long last() {
    return next - 1;
  }
}

package io.governor.scheduler;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The application's clock in tests: real time until a test sets it, then where the test says. */
@Mock
@Singleton
public class TestClock extends Clock {

  private volatile Instant fixed;

  /** Stops the clock at the given instant. */
  public void set(Instant instant) {
    fixed = instant;
  }

  /** Back to real time. */
  public void reset() {
    fixed = null;
  }

  @Override
  public Instant instant() {
    Instant at = fixed;
    return at != null ? at : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}

package io.governor.sandbox;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Prints what happens, one line each, with the seconds since the run started. */
public final class Narrator {

  private final PrintStream out;
  private final Clock clock;
  private final Instant start;

  public Narrator(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
    this.start = clock.instant();
  }

  public synchronized void say(String who, String what) {
    double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    out.printf("[%6.1fs] %-11s %s%n", seconds, who, what);
    out.flush();
  }

  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }
}

package io.governor.engine.bench.scaling;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiFunction;

/**
 * One scaler over one trace: the scaler is asked every 15 s and sees the load of the last complete
 * minute; a replica it asks for is ready 2 minutes later and serves {@code c} units a minute.
 */
final class Simulation {

  static final double TARGET_UTILISATION = 0.7;
  static final int P99_REPLICAS = 20;
  static final int MAX_REPLICAS = 2 * P99_REPLICAS;
  static final long READY_AFTER_SECONDS = 120;

  /** What a run scored, over the scored minutes. */
  record Score(String scaler, long underProvisionedMinutes, long replicaMinutes, long changes) {}

  private Simulation() {}

  /** One replica's capacity: the trace's p99 needs 20 replicas at the target utilisation. */
  static double capacity(Trace trace) {
    return trace.p99() / (P99_REPLICAS * TARGET_UTILISATION);
  }

  static Score run(Trace trace, BiFunction<Double, Integer, Scaler> make) {
    double c = capacity(trace);
    Scaler scaler = make.apply(c * TARGET_UTILISATION, MAX_REPLICAS);
    double[] load = trace.load();
    int warmUp = trace.warmUpMinutes();
    // Each replica by the second it is ready; the newest last, so scale-down removes it first.
    Deque<Long> replicas = new ArrayDeque<>();
    double first = Double.isNaN(load[0]) ? 0 : load[0];
    int initial = Math.max(1, (int) Math.ceil(first / (c * TARGET_UTILISATION)));
    long start = trace.start().getEpochSecond();
    for (int i = 0; i < initial; i++) {
      replicas.addLast(start);
    }
    long under = 0;
    long replicaMinutes = 0;
    long changes = 0;
    for (int m = 0; m < load.length; m++) {
      long minuteStart = start + 60L * m;
      if (m > 0 && !Double.isNaN(load[m - 1])) {
        scaler.observe(Instant.ofEpochSecond(minuteStart - 60), load[m - 1]);
      }
      for (int q = 0; q < 4; q++) {
        Instant now = Instant.ofEpochSecond(minuteStart + 15L * q);
        int current = replicas.size();
        scaler.replicas(current, now);
        int desired = scaler.desired(now);
        if (desired != current) {
          while (replicas.size() < desired) {
            replicas.addLast(now.getEpochSecond() + READY_AFTER_SECONDS);
          }
          while (replicas.size() > desired) {
            replicas.removeLast();
          }
          scaler.scaled(current, desired, now);
          if (m >= warmUp) {
            changes++;
          }
        }
      }
      if (m < warmUp || Double.isNaN(load[m])) {
        continue;
      }
      long ready = replicas.stream().filter(at -> at <= minuteStart).count();
      if (load[m] > ready * c) {
        under++;
      }
      replicaMinutes += replicas.size();
    }
    return new Score(scaler.name(), under, replicaMinutes, changes);
  }
}

package io.governor.engine.bench.scaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scaling benchmark: the HPA, a Predictive-HPA-style baseline and Governor over the real load
 * traces, on simulated time. Prints one table and, last, a one-line summary; exits 0 only when, on
 * every trace, Governor's under-provisioned minutes are at most half the HPA's at no more than 110%
 * of its replica-minutes. Run it with {@code bench/scaling}.
 */
public final class ScalingBenchmark {

  private ScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "../shared/data/traces");
    if (!Files.isDirectory(folder)) {
      System.out.println("SKIP: no traces at " + folder.toAbsolutePath().normalize());
      System.exit(2);
    }
    System.out.printf(
        "%-32s %5s %6s | %-15s %12s %14s %8s %8s %8s%n",
        "trace",
        "days",
        "scored",
        "scaler",
        "under (min)",
        "replica-min",
        "changes",
        "under%",
        "cost%");
    List<String> failed = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (String file : List.of(Trace.NASA, Trace.CRANE, Trace.TAXI)) {
      Trace trace = Trace.read(folder, file);
      Simulation.Score hpa = Simulation.run(trace, Scaler::hpa);
      Simulation.Score predictive =
          Simulation.run(trace, (perReplica, max) -> new Scaler.PredictiveHpa(perReplica, max, 5));
      Simulation.Score governor = Simulation.run(trace, Scaler::governor);
      for (Simulation.Score score : List.of(hpa, predictive, governor)) {
        System.out.printf(
            "%-32s %5.1f %6.1f | %-15s %12d %14d %8d %7.0f%% %7.0f%%%n",
            file,
            trace.days(),
            trace.days() - trace.warmUpMinutes() / 1440.0,
            score.scaler(),
            score.underProvisionedMinutes(),
            score.replicaMinutes(),
            score.changes(),
            100.0 * score.underProvisionedMinutes() / Math.max(1, hpa.underProvisionedMinutes()),
            100.0 * score.replicaMinutes() / hpa.replicaMinutes());
      }
      double under = (double) governor.underProvisionedMinutes() / hpa.underProvisionedMinutes();
      double cost = (double) governor.replicaMinutes() / hpa.replicaMinutes();
      summary.add(
          String.format(
              "%s under %.0f%% cost %.0f%%", file.split("_")[0], under * 100, cost * 100));
      if (!(under <= 0.5 && cost <= 1.1)) {
        failed.add(file);
      }
    }
    System.out.println();
    System.out.println(
        (failed.isEmpty() ? "PASS" : "FAIL")
            + ": Governor against the HPA (target: under-provisioned <= 50%, replica-minutes <="
            + " 110%): "
            + String.join("; ", summary)
            + (failed.isEmpty() ? "" : "; missed on " + String.join(", ", failed)));
    System.exit(failed.isEmpty() ? 0 : 1);
  }
}

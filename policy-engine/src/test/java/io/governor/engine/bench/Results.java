package io.governor.engine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/** Outcomes by judge, scenario class and rate; the table and the targets. */
final class Results {

  /** The outcomes of one judge on one class of scenario at one rate. */
  private static final class Cell {
    int runs;
    int rollbacks;
    final List<Double> times = new ArrayList<>();
  }

  private final Map<String, Map<String, Cell>> byJudge = new LinkedHashMap<>();
  private final Map<String, Boolean> badByRow = new LinkedHashMap<>();

  void add(String judge, Scenario scenario, OptionalDouble rolledBackAt) {
    String row = row(scenario.label(), scenario.rps());
    badByRow.put(row, scenario.bad());
    Cell cell =
        byJudge
            .computeIfAbsent(judge, j -> new LinkedHashMap<>())
            .computeIfAbsent(row, r -> new Cell());
    cell.runs++;
    if (rolledBackAt.isPresent()) {
      cell.rollbacks++;
      cell.times.add(rolledBackAt.getAsDouble());
    }
  }

  String table(List<String> judges) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-18s %6s %5s", "scenario", "rps", "runs"));
    for (String judge : judges) {
      out.append(String.format(" | %-13s %7s %7s", judge, "median", "p95"));
    }
    out.append('\n');
    out.append(String.format("%-18s %6s %5s", "", "", ""));
    for (int i = 0; i < judges.size(); i++) {
      out.append(String.format(" | %-13s %7s %7s", "rolled back", "s", "s"));
    }
    out.append('\n');
    for (String row : badByRow.keySet()) {
      String[] parts = row.split("@");
      out.append(
          String.format(
              "%-18s %6s %5d", parts[0], parts[1], byJudge.get(judges.get(0)).get(row).runs));
      for (String judge : judges) {
        Cell cell = byJudge.get(judge).get(row);
        out.append(
            String.format(
                " | %12.1f%% %7s %7s",
                100.0 * cell.rollbacks / cell.runs,
                quantile(cell.times, 0.5),
                quantile(cell.times, 0.95)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The targets of the issue that this run does not meet. */
  List<String> missedTargets() {
    List<String> missed = new ArrayList<>();
    int falseRollbacks = count("Governor", false, 0, true);
    if (falseRollbacks > 0) {
      missed.add(falseRollbacks + " false rollbacks");
    }
    for (Map.Entry<String, Cell> entry : byJudge.get("Governor").entrySet()) {
      String[] parts = entry.getKey().split("@");
      boolean required = Double.parseDouble(parts[1]) >= 1 && MUST_DETECT.contains(parts[0]);
      if (required && entry.getValue().rollbacks < entry.getValue().runs) {
        missed.add(parts[0] + " at " + parts[1] + " rps not always detected");
      }
    }
    double median = medianTimeToDetect("Governor", 10, MUST_DETECT::contains);
    if (!(median <= 30)) {
      missed.add(
          String.format(
              "median time to detect a clearly bad deploy at 10 rps %.0f s > 30 s", median));
    }
    return missed;
  }

  /**
   * The classes the targets require detecting: errors x3 and worse, p99 x2, crash loops. The median
   * target is read over these too; x2 errors, p99 x1.5, a slow degradation and no metrics are
   * caught as the evidence allows, and their times are in the table and the all-bad median.
   */
  static final Set<String> MUST_DETECT =
      Set.of("errors x3", "errors x5", "errors x20", "p99 x2.0", "crash loop");

  String summary(String judge) {
    int good = count(judge, false, 0, false);
    int falseRollbacks = count(judge, false, 0, true);
    int bad = count(judge, true, 0, false);
    int detected = count(judge, true, 0, true);
    return String.format(
        "%d/%d false rollbacks, %d/%d bad detected, median at 10 rps %.0f s (clearly bad)"
            + " and %.0f s (all bad)",
        falseRollbacks,
        good,
        detected,
        bad,
        medianTimeToDetect(judge, 10, MUST_DETECT::contains),
        medianTimeToDetect(judge, 10, label -> true));
  }

  private int count(String judge, boolean bad, double minRps, boolean rolledBack) {
    int total = 0;
    for (Map.Entry<String, Cell> entry : byJudge.get(judge).entrySet()) {
      double rps = Double.parseDouble(entry.getKey().split("@")[1]);
      if (badByRow.get(entry.getKey()) == bad && rps >= minRps) {
        total += rolledBack ? entry.getValue().rollbacks : entry.getValue().runs;
      }
    }
    return total;
  }

  /** Over the deploys of the chosen bad classes at a rate, counting only those detected. */
  private double medianTimeToDetect(String judge, double rps, Predicate<String> classes) {
    List<Double> times = new ArrayList<>();
    for (Map.Entry<String, Cell> entry : byJudge.get(judge).entrySet()) {
      String[] parts = entry.getKey().split("@");
      double rowRps = Double.parseDouble(parts[1]);
      if (badByRow.get(entry.getKey()) && rowRps == rps && classes.test(parts[0])) {
        times.addAll(entry.getValue().times);
      }
    }
    return times.isEmpty() ? Double.NaN : value(times, 0.5);
  }

  private static String quantile(List<Double> times, double q) {
    return times.isEmpty() ? "-" : String.format("%.0f", value(times, q));
  }

  private static double value(List<Double> times, double q) {
    List<Double> sorted = new ArrayList<>(times);
    sorted.sort(Double::compare);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static String row(String label, double rps) {
    return label + "@" + (rps < 1 ? String.valueOf(rps) : String.valueOf((long) rps));
  }
}

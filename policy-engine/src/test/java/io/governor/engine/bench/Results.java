package io.governor.engine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

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
      double rps = Double.parseDouble(parts[1]);
      boolean required =
          rps >= 1
              && (parts[0].equals("errors x3")
                  || parts[0].equals("errors x5")
                  || parts[0].equals("errors x20")
                  || parts[0].equals("p99 x2.0")
                  || parts[0].equals("crash loop"));
      if (required && entry.getValue().rollbacks < entry.getValue().runs) {
        missed.add(parts[0] + " at " + parts[1] + " rps not always detected");
      }
    }
    double median = medianTimeToDetect("Governor", 10);
    if (!(median <= 30)) {
      missed.add(String.format("median time to detect at 10 rps %.0f s > 30 s", median));
    }
    return missed;
  }

  String summary(String judge) {
    int good = count(judge, false, 0, false);
    int falseRollbacks = count(judge, false, 0, true);
    int bad = count(judge, true, 0, false);
    int detected = count(judge, true, 0, true);
    return String.format(
        "%d/%d false rollbacks, %d/%d bad detected, median %.0f s at 10 rps",
        falseRollbacks, good, detected, bad, medianTimeToDetect(judge, 10));
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

  private double medianTimeToDetect(String judge, double rps) {
    List<Double> times = new ArrayList<>();
    for (Map.Entry<String, Cell> entry : byJudge.get(judge).entrySet()) {
      double rowRps = Double.parseDouble(entry.getKey().split("@")[1]);
      if (badByRow.get(entry.getKey()) && rowRps == rps) {
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

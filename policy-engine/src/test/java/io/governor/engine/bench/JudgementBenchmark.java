package io.governor.engine.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The judgement benchmark: a labelled suite of deploys, judged on simulated time by Governor's
 * engine (no Kafka) and by faithful re-implementations of Flagger's defaults and Argo Rollouts'
 * documented example. Prints one table and, last, a one-line summary; exits 0 only when the targets
 * are met. Run it with {@code bench/judgement}.
 */
public final class JudgementBenchmark {

  static final double HORIZON_SECONDS = 30 * 60;
  static final double SCRAPE_SECONDS = 10;
  static final double[] RATES = {0.1, 1, 10, 100};
  static final double[] BASE_ERROR_RATIOS = {0.005, 0.01, 0.02};

  private JudgementBenchmark() {}

  public static void main(String[] args) {
    List<Scenario> scenarios = scenarios();
    Map<String, Function<Scenario, Judge>> judges = new LinkedHashMap<>();
    judges.put("Governor", GovernorJudge::new);
    judges.put("Flagger", FlaggerJudge::new);
    judges.put("Argo Rollouts", scenario -> new ArgoJudge());

    Results results = new Results();
    for (Scenario scenario : scenarios) {
      for (Map.Entry<String, Function<Scenario, Judge>> judge : judges.entrySet()) {
        results.add(judge.getKey(), scenario, run(scenario, judge.getValue().apply(scenario)));
      }
    }
    System.out.print(results.table(List.copyOf(judges.keySet())));
    List<String> missed = results.missedTargets();
    System.out.println();
    System.out.println(
        (missed.isEmpty() ? "PASS" : "FAIL")
            + ": "
            + scenarios.size()
            + " deploys ("
            + scenarios.stream().filter(s -> !s.bad()).count()
            + " good); Governor "
            + results.summary("Governor")
            + "; Flagger "
            + results.summary("Flagger")
            + "; Argo Rollouts "
            + results.summary("Argo Rollouts")
            + (missed.isEmpty() ? "" : "; missed: " + String.join(", ", missed)));
    System.exit(missed.isEmpty() ? 0 : 1);
  }

  /** Runs one deploy to the horizon; the rollback time, if any. */
  static OptionalDouble run(Scenario scenario, Judge judge) {
    Traffic traffic = new Traffic(scenario);
    for (double t = SCRAPE_SECONDS; t <= HORIZON_SECONDS; t += SCRAPE_SECONDS) {
      traffic.advance(t, SCRAPE_SECONDS);
      OptionalDouble decided = judge.observe(t, traffic, scenario.silent());
      if (decided.isPresent()) {
        return decided;
      }
    }
    return OptionalDouble.empty();
  }

  static List<Scenario> scenarios() {
    List<Scenario> scenarios = new ArrayList<>();
    long seed = 1;
    // Good deploys: as good as the baseline, with plain, bursty and drifting noise.
    for (double rps : RATES) {
      for (double base : BASE_ERROR_RATIOS) {
        for (int i = 0; i < 84; i++) {
          boolean bursts = i % 3 == 1;
          boolean drift = i % 3 == 2;
          // A quarter crash once at start, as a pod whose dependency is not up yet does.
          boolean crashOnce = i % 4 == 3;
          scenarios.add(
              new Scenario(
                  "good", false, rps, base, 1, 1, false, bursts, drift, 1, false, crashOnce,
                  seed++));
        }
      }
    }
    // Bad deploys.
    for (double rps : RATES) {
      for (double base : BASE_ERROR_RATIOS) {
        for (int i = 0; i < 4; i++) {
          boolean drift = i % 2 == 1;
          for (double factor : new double[] {2, 3, 5, 20}) {
            scenarios.add(
                new Scenario(
                    "errors x" + (int) factor,
                    true,
                    rps,
                    base,
                    factor,
                    1,
                    false,
                    false,
                    drift,
                    1,
                    false,
                    false,
                    seed++));
          }
          for (double slower : new double[] {1.5, 2}) {
            scenarios.add(
                new Scenario(
                    "p99 x" + slower,
                    true,
                    rps,
                    base,
                    1,
                    1,
                    false,
                    false,
                    drift,
                    slower,
                    false,
                    false,
                    seed++));
          }
          scenarios.add(
              new Scenario(
                  "slow degradation",
                  true,
                  rps,
                  base,
                  1,
                  10,
                  false,
                  false,
                  drift,
                  1,
                  false,
                  false,
                  seed++));
          scenarios.add(
              new Scenario(
                  "crash loop",
                  true,
                  rps,
                  base,
                  1,
                  1,
                  false,
                  false,
                  false,
                  1,
                  true,
                  false,
                  seed++));
          scenarios.add(
              new Scenario(
                  "no metrics",
                  true,
                  rps,
                  base,
                  1,
                  1,
                  true,
                  false,
                  false,
                  1,
                  false,
                  false,
                  seed++));
        }
      }
    }
    return scenarios;
  }

  static String rates() {
    return Arrays.toString(RATES);
  }
}

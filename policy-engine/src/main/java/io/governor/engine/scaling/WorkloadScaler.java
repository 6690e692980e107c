package io.governor.engine.scaling;

import io.governor.contracts.MetricSample;
import io.governor.contracts.MetricType;
import io.governor.engine.policy.ScalingPolicy;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.PredictiveMode;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scaling of one workload: what its metrics, schedule windows and forecast ask for, combined
 * into one count as {@code behavior(clamp(max(tracking, schedule floor, forecast), min, schedule
 * ceiling, max))}.
 */
public final class WorkloadScaler {

  /** A series not heard from for this long no longer counts. */
  static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /**
   * How long the count just set is taken as current over the replicas gauge, which shows it only
   * once the actuator applied it and the gauge was scraped again.
   */
  static final Duration SETTLE = Duration.ofSeconds(60);

  private record Window(Integer minReplicas, Integer maxReplicas, Instant endsAt) {}

  /** The latest value of one series; for a counter, its rate per second. */
  private static final class Series {
    double value = Double.NaN;
    Instant at;
    double counter = Double.NaN;
    Instant counterAt;
  }

  private ScalingPolicy policy;
  private final Map<String, Map<Map<String, String>, Series>> metrics = new HashMap<>();
  private final Map<String, Window> windows = new TreeMap<>();
  private final ReplicaBehavior behavior = new ReplicaBehavior();
  private final SeasonalForecast forecast = new SeasonalForecast();
  private Integer lastSet;
  private Instant lastSetAt;
  private Instant allMissingSince;

  public WorkloadScaler(ScalingPolicy policy) {
    this.policy = policy;
  }

  /** A changed policy applies from the next evaluation; what was learnt is kept. */
  public void update(ScalingPolicy changed) {
    this.policy = changed;
  }

  public ScalingPolicy policy() {
    return policy;
  }

  public void observe(MetricSample sample) {
    // A series is its labels and its revision: two revisions' pods are two series.
    Map<String, String> key = new TreeMap<>(sample.labels());
    if (sample.revision() != null) {
      key.put("revision", sample.revision());
    }
    Series series =
        metrics
            .computeIfAbsent(sample.name(), name -> new HashMap<>())
            .computeIfAbsent(key, labels -> new Series());
    if (series.at != null && !sample.timestamp().isAfter(series.at)) {
      return;
    }
    if (sample.type() == MetricType.COUNTER) {
      if (series.counterAt != null && sample.value() >= series.counter) {
        double seconds = Duration.between(series.counterAt, sample.timestamp()).toMillis() / 1000.0;
        series.value = (sample.value() - series.counter) / seconds;
        series.at = sample.timestamp();
      }
      series.counter = sample.value();
      series.counterAt = sample.timestamp();
    } else {
      series.value = sample.value();
      series.at = sample.timestamp();
    }
    ScalingPolicy.Predictive predictive = policy.predictive();
    if (predictive != null && predictive.metric().equals(sample.name())) {
      double total = total(sample.name(), sample.timestamp())[0];
      if (!Double.isNaN(total)) {
        forecast.record(Math.floorDiv(sample.timestamp().getEpochSecond(), 60), total);
      }
    }
  }

  /** A schedule window opened (again: idempotent) until {@code endsAt}. */
  public void openWindow(
      String schedule, Integer minReplicas, Integer maxReplicas, Instant endsAt) {
    windows.put(schedule, new Window(minReplicas, maxReplicas, endsAt));
  }

  public void closeWindow(String schedule) {
    windows.remove(schedule);
  }

  /** Records that the count was set, for the rate policies and as the current count. */
  public void scaled(int from, int to, Instant at) {
    behavior.changed(from, to, at);
    lastSet = to;
    lastSetAt = at;
  }

  /** Judges now; the recommendation is remembered for stabilisation. */
  public ScalingView evaluate(Instant now) {
    windows.values().removeIf(window -> window.endsAt() != null && !now.isBefore(window.endsAt()));
    int min = policy.effectiveMinReplicas();
    int max = policy.maxReplicas();
    int current = currentReplicas(now, min);

    List<TargetTracking.Reading> readings = new ArrayList<>();
    for (MetricTarget target : policy.effectiveMetrics()) {
      double[] total = total(target.name(), now);
      readings.add(new TargetTracking.Reading(target, total[0], (int) total[1]));
    }
    TargetTracking.Proposal tracking =
        TargetTracking.propose(current, readings, policy.effectiveTolerance());
    boolean allMissing =
        !readings.isEmpty() && readings.stream().allMatch(TargetTracking.Reading::missing);
    if (!allMissing) {
      allMissingSince = null;
    } else if (allMissingSince == null) {
      allMissingSince = now;
    }
    Integer fallback = null;
    if (allMissing
        && policy.fallback() != null
        && policy.fallback().replicas() != null
        && !now.isBefore(allMissingSince.plus(policy.fallback().effectiveAfter()))) {
      // Never lower: a count the metrics chose is kept while they cannot be read.
      fallback = Math.max(current, policy.fallback().replicas());
    }

    Integer floor = null;
    Integer ceiling = null;
    for (Window window : windows.values()) {
      if (window.minReplicas() != null) {
        floor = floor == null ? window.minReplicas() : Math.max(floor, window.minReplicas());
      }
      if (window.maxReplicas() != null) {
        ceiling = ceiling == null ? window.maxReplicas() : Math.min(ceiling, window.maxReplicas());
      }
    }

    ForecastView predicted = forecast(now, current);
    int raw = fallback != null ? fallback : tracking.proposal();
    if (floor != null) {
      raw = Math.max(raw, floor);
    }
    if (predicted != null && predicted.acting() && predicted.replicas() != null) {
      raw = Math.max(raw, predicted.replicas());
    }
    int upper = ceiling == null ? max : Math.min(max, ceiling);
    int clamped = Math.max(min, Math.min(upper, raw));
    int desired = behavior.normalize(current, clamped, min, upper, policy.effectiveBehavior(), now);

    Map<String, Double> inputs = new LinkedHashMap<>();
    inputs.put("currentReplicas", (double) current);
    inputs.put("targetTracking", (double) tracking.proposal());
    for (TargetTracking.MetricProposal metric : tracking.metrics()) {
      inputs.put("metric." + metric.metric(), metric.value());
      inputs.put("target." + metric.metric(), metric.target());
      inputs.put("replicas." + metric.metric(), (double) metric.replicas());
    }
    if (fallback != null) {
      inputs.put("fallback", (double) fallback);
    }
    if (floor != null) {
      inputs.put("scheduleFloor", (double) floor);
    }
    if (ceiling != null) {
      inputs.put("scheduleCeiling", (double) ceiling);
    }
    if (predicted != null && predicted.replicas() != null) {
      inputs.put("forecastReplicas", (double) predicted.replicas());
      inputs.put("forecastPeak", predicted.peak());
    }
    inputs.put("minReplicas", (double) min);
    inputs.put("maxReplicas", (double) max);
    inputs.put("combined", (double) clamped);
    inputs.put("desiredReplicas", (double) desired);
    return new ScalingView(
        current,
        desired,
        tracking.proposal(),
        tracking.missing(),
        floor,
        ceiling,
        fallback,
        predicted,
        clamped,
        List.copyOf(windows.keySet()),
        inputs,
        reason(current, desired, tracking, floor, ceiling, fallback, predicted, clamped));
  }

  /** The forecast of the predictive metric over the next {@code hours}, hour by hour. */
  public List<ForecastPoint> forecastAhead(Instant now, int hours) {
    List<ForecastPoint> points = new ArrayList<>();
    if (policy.predictive() == null) {
      return points;
    }
    long minute = Math.floorDiv(now.getEpochSecond(), 60);
    for (int hour = 1; hour <= hours; hour++) {
      long at = minute + 60L * hour;
      points.add(new ForecastPoint(Instant.ofEpochSecond(at * 60), forecast.forecast(at)));
    }
    return points;
  }

  private ForecastView forecast(Instant now, int current) {
    ScalingPolicy.Predictive predictive = policy.predictive();
    if (predictive == null) {
      return null;
    }
    Duration warmUp = predictive.effectiveWarmUp();
    long history = forecast.span();
    boolean warm = history >= warmUp.toMinutes();
    long minute = Math.floorDiv(now.getEpochSecond(), 60);
    int lookahead = (int) Math.max(1, predictive.effectiveLookahead().toMinutes());
    double peak = forecast.peak(minute, lookahead + 1);
    Integer replicas = null;
    MetricTarget target =
        policy.effectiveMetrics().stream()
            .filter(metric -> metric.name().equals(predictive.metric()))
            .findFirst()
            .orElse(null);
    if (!Double.isNaN(peak) && target != null) {
      replicas =
          (int)
              Math.ceil(
                  target.type() == TargetType.VALUE
                      ? Math.max(1, current) * peak / target.value()
                      : peak / target.value());
    }
    boolean acting = warm && predictive.effectiveMode() == PredictiveMode.FORECAST_AND_SCALE;
    return new ForecastView(
        predictive.metric(),
        predictive.effectiveMode(),
        warm,
        warm ? Duration.ZERO : warmUp.minusMinutes(history),
        predictive.effectiveLookahead(),
        Double.isNaN(peak) ? null : peak,
        replicas,
        acting);
  }

  private int currentReplicas(Instant now, int min) {
    if (lastSet != null && now.isBefore(lastSetAt.plus(SETTLE))) {
      return lastSet;
    }
    double[] gauge = total(policy.effectiveReplicasMetric(), now);
    if (!Double.isNaN(gauge[0])) {
      return (int) Math.round(gauge[0]);
    }
    return lastSet != null ? lastSet : min;
  }

  /** The metric summed over its fresh series, and how many there are. */
  private double[] total(String name, Instant now) {
    Map<Map<String, String>, Series> all = metrics.get(name);
    if (all == null) {
      return new double[] {Double.NaN, 0};
    }
    double sum = 0;
    int count = 0;
    Instant staleBefore = now.minus(STALE_AFTER);
    for (Series series : all.values()) {
      if (series.at != null && !series.at.isBefore(staleBefore) && !Double.isNaN(series.value)) {
        sum += series.value;
        count++;
      }
    }
    return count == 0 ? new double[] {Double.NaN, 0} : new double[] {sum, count};
  }

  private static String reason(
      int current,
      int desired,
      TargetTracking.Proposal tracking,
      Integer floor,
      Integer ceiling,
      Integer fallback,
      ForecastView predicted,
      int clamped) {
    StringBuilder why = new StringBuilder();
    why.append(
        String.format(
            "%d -> %d replicas: target tracking %d", current, desired, tracking.proposal()));
    if (!tracking.missing().isEmpty()) {
      why.append(" (missing ").append(String.join(", ", tracking.missing())).append(")");
    }
    if (fallback != null) {
      why.append(", fallback ").append(fallback);
    }
    if (floor != null) {
      why.append(", schedule floor ").append(floor);
    }
    if (ceiling != null) {
      why.append(", schedule ceiling ").append(ceiling);
    }
    if (predicted != null && predicted.replicas() != null) {
      why.append(", forecast ").append(predicted.replicas());
      if (!predicted.acting()) {
        why.append(predicted.warm() ? " (forecast-only)" : " (warming up)");
      }
    }
    why.append(", combined ").append(clamped);
    if (clamped != desired) {
      why.append(", behavior allows ").append(desired);
    }
    return why.toString();
  }
}

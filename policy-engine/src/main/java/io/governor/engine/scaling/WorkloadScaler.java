package io.governor.engine.scaling;

import io.governor.contracts.MetricSample;
import io.governor.engine.policy.ScalingPolicy;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.PredictiveMode;
import io.governor.engine.policy.ScalingPolicy.TargetType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The scaling of one workload: what its metrics, schedule windows and forecast ask for, combined
 * into one count as {@code behavior(clamp(max(tracking, schedule floor, forecast), min, schedule
 * ceiling, max))}. Without a known current count it decides nothing.
 */
public final class WorkloadScaler {

  /**
   * For this long after a count was set, a replicas gauge that disagrees is taken as not yet
   * showing it: the actuator applies it, then the gauge must be scraped again.
   */
  static final Duration SETTLE = Duration.ofSeconds(60);

  /** Without any gauge, the count just set is taken as current for this long. */
  static final Duration TRUST_SET_WITHOUT_GAUGE = Duration.ofMinutes(5);

  private record Window(Integer minReplicas, Integer maxReplicas, Instant endsAt) {}

  /** The open windows' combined bounds; null where none sets one. */
  private record WindowBounds(Integer floor, Integer ceiling) {}

  private final String kind;
  private ScalingPolicy policy;
  private final MetricSeries series = new MetricSeries();
  private final Map<String, Window> windows = new TreeMap<>();
  private final ReplicaBehavior behavior = new ReplicaBehavior();
  private SeasonalForecast forecast = new SeasonalForecast();
  private Integer lastSet;
  private Instant lastSetAt;
  private Instant allMissingSince;

  /**
   * @param kind the workload's kind, which names its replicas gauge by default
   */
  public WorkloadScaler(ScalingPolicy policy, String kind) {
    this.policy = policy;
    this.kind = kind;
  }

  /** A changed policy applies from the next evaluation; what was learnt is kept. */
  public void update(ScalingPolicy changed) {
    if (!Objects.equals(predictiveMetric(policy), predictiveMetric(changed))) {
      // Another metric's history would be read against the new metric's target.
      forecast = new SeasonalForecast();
    }
    this.policy = changed;
  }

  public void observe(MetricSample sample) {
    boolean changed = series.observe(sample);
    if (changed && sample.name().equals(predictiveMetric(policy))) {
      MetricSeries.Reading total = series.read(sample.name(), sample.timestamp());
      if (total.known()) {
        forecast.record(Math.floorDiv(sample.timestamp().getEpochSecond(), 60), total.total());
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
    Integer current = currentReplicas(now);
    if (current == null) {
      return ScalingView.unknownCount(
          List.copyOf(windows.keySet()),
          "current replica count unknown: no "
              + policy.effectiveReplicasMetric(kind)
              + " sample in the last "
              + MetricSeries.STALE_AFTER.toMinutes()
              + " minutes; nothing decided");
    }
    int min = policy.effectiveMinReplicas();
    int max = policy.maxReplicas();
    TargetTracking.Proposal tracking = track(current, now);
    Integer fallback = fallback(current, tracking, now);
    WindowBounds bounds = windowBounds();
    ForecastView predicted = forecast(now, current);

    int raw = fallback != null ? fallback : tracking.proposal();
    if (bounds.floor() != null) {
      raw = Math.max(raw, bounds.floor());
    }
    if (predicted != null && predicted.acting() && predicted.replicas() != null) {
      // The forecast only ever raises: it enters the max, never lowers what the others ask.
      raw = Math.max(raw, predicted.replicas());
    }
    int upper = bounds.ceiling() == null ? max : Math.min(max, bounds.ceiling());
    int combined = Math.max(min, Math.min(upper, raw));
    int desired =
        behavior.normalize(current, combined, min, upper, policy.effectiveBehavior(), now);
    Evaluation evaluation =
        new Evaluation(current, desired, tracking, fallback, bounds, predicted, combined);
    return new ScalingView(
        current,
        desired,
        tracking.proposal(),
        tracking.missing(),
        bounds.floor(),
        bounds.ceiling(),
        fallback,
        predicted,
        combined,
        List.copyOf(windows.keySet()),
        evaluation.inputs(min, max),
        evaluation.reason());
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

  private TargetTracking.Proposal track(int current, Instant now) {
    List<TargetTracking.Reading> readings = new ArrayList<>();
    for (MetricTarget target : policy.effectiveMetrics()) {
      MetricSeries.Reading reading = series.read(target.name(), now);
      readings.add(
          new TargetTracking.Reading(
              target, reading.total(), reading.fresh(), reading.missing() > 0));
    }
    return TargetTracking.propose(current, readings, policy.effectiveTolerance());
  }

  /** The fallback count while every metric has been missing for long; null otherwise. */
  private Integer fallback(int current, TargetTracking.Proposal tracking, Instant now) {
    List<MetricTarget> metrics = policy.effectiveMetrics();
    boolean allMissing =
        !metrics.isEmpty()
            && tracking.metrics().isEmpty()
            && tracking.missing().size() == metrics.size();
    if (!allMissing) {
      allMissingSince = null;
      return null;
    }
    if (allMissingSince == null) {
      allMissingSince = now;
    }
    ScalingPolicy.Fallback fallback = policy.fallback();
    if (fallback == null
        || fallback.replicas() == null
        || now.isBefore(allMissingSince.plus(fallback.effectiveAfter()))) {
      return null;
    }
    // Never lower: a count the metrics chose is kept while they cannot be read.
    return Math.max(current, fallback.replicas());
  }

  private WindowBounds windowBounds() {
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
    return new WindowBounds(floor, ceiling);
  }

  private ForecastView forecast(Instant now, int current) {
    ScalingPolicy.Predictive predictive = policy.predictive();
    if (predictive == null) {
      return null;
    }
    Duration warmUp = predictive.effectiveWarmUp();
    long known = forecast.knownMinutes();
    boolean warm = known >= warmUp.toMinutes();
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
        warm ? Duration.ZERO : warmUp.minusMinutes(known),
        predictive.effectiveLookahead(),
        Double.isNaN(peak) ? null : peak,
        replicas,
        acting);
  }

  /**
   * The replicas gauge, unless a count was just set that it does not show yet; null when neither is
   * known, since a count taken for granted could shrink a workload that is far larger.
   */
  private Integer currentReplicas(Instant now) {
    MetricSeries.Reading gauge = series.read(policy.effectiveReplicasMetric(kind), now);
    if (lastSet != null) {
      boolean gaugeBehind =
          gauge.known()
              && Math.round(gauge.total()) != lastSet
              && gauge.at().isBefore(lastSetAt.plus(SETTLE));
      boolean noGaugeYet = !gauge.known() && now.isBefore(lastSetAt.plus(TRUST_SET_WITHOUT_GAUGE));
      if (gaugeBehind || noGaugeYet) {
        return lastSet;
      }
    }
    return gauge.known() ? (int) Math.round(gauge.total()) : null;
  }

  private static String predictiveMetric(ScalingPolicy policy) {
    return policy.predictive() == null ? null : policy.predictive().metric();
  }

  /** Every input of one evaluation, as the decision's evidence and its sentence give them. */
  private record Evaluation(
      int current,
      int desired,
      TargetTracking.Proposal tracking,
      Integer fallback,
      WindowBounds bounds,
      ForecastView predicted,
      int combined) {

    Map<String, Double> inputs(int min, int max) {
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
      if (bounds.floor() != null) {
        inputs.put("scheduleFloor", (double) bounds.floor());
      }
      if (bounds.ceiling() != null) {
        inputs.put("scheduleCeiling", (double) bounds.ceiling());
      }
      if (predicted != null && predicted.replicas() != null) {
        inputs.put("forecastReplicas", (double) predicted.replicas());
        inputs.put("forecastPeak", predicted.peak());
      }
      inputs.put("minReplicas", (double) min);
      inputs.put("maxReplicas", (double) max);
      inputs.put("combined", (double) combined);
      inputs.put("desiredReplicas", (double) desired);
      return inputs;
    }

    String reason() {
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
      if (bounds.floor() != null) {
        why.append(", schedule floor ").append(bounds.floor());
      }
      if (bounds.ceiling() != null) {
        why.append(", schedule ceiling ").append(bounds.ceiling());
      }
      if (predicted != null && predicted.replicas() != null) {
        why.append(", forecast ").append(predicted.replicas());
        if (!predicted.acting()) {
          why.append(predicted.warm() ? " (forecast-only)" : " (warming up)");
        }
      }
      why.append(", combined ").append(combined);
      if (combined != desired) {
        why.append(", behavior allows ").append(desired);
      }
      return why.toString();
    }
  }
}

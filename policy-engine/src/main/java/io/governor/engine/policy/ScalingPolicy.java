package io.governor.engine.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * How many replicas a workload runs: target tracking with the HPA's semantics, schedules and a
 * forecast, combined as {@code behavior(clamp(max(tracking, schedule floor, forecast), min,
 * schedule ceiling, max))}.
 *
 * @param minReplicas never fewer (default 1)
 * @param maxReplicas never more; required
 * @param metrics the target-tracking metrics; the largest proposal wins, as in the HPA
 * @param tolerance no change while every metric is within this ratio of its target (default 0.1)
 * @param behavior stabilisation windows and rate policies; the HPA's defaults when absent
 * @param fallback the count to hold when the driving metrics have failed for long
 * @param schedules windows that set a floor and optionally a ceiling
 * @param predictive a seasonal forecast of one metric
 * @param replicasMetric gauge of the workload's current replicas (default {@code
 *     kube_deployment_spec_replicas} for a Deployment, {@code kube_statefulset_replicas} for a
 *     StatefulSet)
 * @param dryRun when true scale decisions are recorded, not applied
 */
public record ScalingPolicy(
    Integer minReplicas,
    Integer maxReplicas,
    List<MetricTarget> metrics,
    Double tolerance,
    Behavior behavior,
    Fallback fallback,
    List<Schedule> schedules,
    Predictive predictive,
    String replicasMetric,
    Boolean dryRun) {

  public int effectiveMinReplicas() {
    return minReplicas == null ? 1 : minReplicas;
  }

  public double effectiveTolerance() {
    return tolerance == null ? 0.1 : tolerance;
  }

  public Behavior effectiveBehavior() {
    Behavior defaults = Behavior.hpaDefaults();
    if (behavior == null) {
      return defaults;
    }
    return new Behavior(
        behavior.scaleUp() == null ? defaults.scaleUp() : behavior.scaleUp(),
        behavior.scaleDown() == null ? defaults.scaleDown() : behavior.scaleDown());
  }

  public List<MetricTarget> effectiveMetrics() {
    return metrics == null ? List.of() : metrics;
  }

  public List<Schedule> effectiveSchedules() {
    return schedules == null ? List.of() : schedules;
  }

  /** The replicas gauge for a workload of this kind, as kube-state-metrics names it. */
  public String effectiveReplicasMetric(String kind) {
    if (replicasMetric != null) {
      return replicasMetric;
    }
    return "StatefulSet".equals(kind)
        ? "kube_statefulset_replicas"
        : "kube_deployment_spec_replicas";
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }

  /**
   * One target-tracking metric.
   *
   * @param name the metric as it arrives (summed over its series, e.g. pods)
   * @param type {@code Utilization} (percent, averaged over the series), {@code AverageValue}
   *     (total per replica) or {@code Value} (the total itself)
   * @param value the target
   */
  public record MetricTarget(String name, TargetType type, Double value) {}

  /** How a metric's value is compared with its target, as in the HPA's autoscaling/v2. */
  public enum TargetType {
    UTILIZATION("Utilization"),
    AVERAGE_VALUE("AverageValue"),
    VALUE("Value");

    private final String json;

    TargetType(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static TargetType fromJson(String value) {
      return JsonNames.find(values(), TargetType::json, "type", value);
    }
  }

  /**
   * The HPA's {@code behavior}.
   *
   * @param scaleUp how fast it may grow
   * @param scaleDown how fast it may shrink
   */
  public record Behavior(Rules scaleUp, Rules scaleDown) {

    /** The HPA's defaults: up by max(4 pods, 100%) per 15 s; down after 300 s of stability. */
    public static Behavior hpaDefaults() {
      return new Behavior(
          new Rules(
              Duration.ZERO,
              SelectPolicy.MAX,
              List.of(
                  new RatePolicy(RateType.PERCENT, 100, Duration.ofSeconds(15)),
                  new RatePolicy(RateType.PODS, 4, Duration.ofSeconds(15)))),
          new Rules(
              Duration.ofSeconds(300),
              SelectPolicy.MAX,
              List.of(new RatePolicy(RateType.PERCENT, 100, Duration.ofSeconds(15)))));
    }
  }

  /**
   * One direction of the behaviour.
   *
   * @param stabilizationWindow recommendations of this long are considered: the least of them going
   *     up, the most going down
   * @param selectPolicy {@code max}: the policy that allows the biggest change; {@code min}: the
   *     smallest; {@code disabled}: no change in this direction
   * @param policies the rate limits
   */
  public record Rules(
      Duration stabilizationWindow, SelectPolicy selectPolicy, List<RatePolicy> policies) {

    public Duration effectiveStabilizationWindow() {
      return stabilizationWindow == null ? Duration.ZERO : stabilizationWindow;
    }

    public SelectPolicy effectiveSelectPolicy() {
      return selectPolicy == null ? SelectPolicy.MAX : selectPolicy;
    }

    public List<RatePolicy> effectivePolicies() {
      return policies == null ? List.of() : policies;
    }
  }

  /**
   * A rate limit: at most {@code value} pods, or percent of the count at the period's start, per
   * {@code period}.
   */
  public record RatePolicy(RateType type, int value, Duration period) {}

  /** The unit of a rate policy. */
  public enum RateType {
    PODS("Pods"),
    PERCENT("Percent");

    private final String json;

    RateType(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static RateType fromJson(String value) {
      return JsonNames.find(values(), RateType::json, "type", value);
    }
  }

  /** Which rate policy applies when several do. */
  public enum SelectPolicy {
    MAX("max"),
    MIN("min"),
    DISABLED("disabled");

    private final String json;

    SelectPolicy(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static SelectPolicy fromJson(String value) {
      return JsonNames.find(values(), SelectPolicy::json, "selectPolicy", value);
    }
  }

  /**
   * What to hold when every target-tracking metric has been missing for {@code after}.
   *
   * @param after how long without a value of any metric (default 5 minutes)
   * @param replicas the count to hold then
   */
  public record Fallback(Duration after, Integer replicas) {

    public Duration effectiveAfter() {
      return after == null ? Duration.ofMinutes(5) : after;
    }
  }

  /**
   * A window, fired by the scheduler: from each {@code start} to the next {@code end} (or for
   * {@code duration}), in {@code timeZone}.
   *
   * @param start a five-field cron expression
   * @param end a cron expression; or give {@code duration}
   * @param minReplicas the floor while the window is open
   * @param maxReplicas the ceiling while it is open; none when absent
   */
  public record Schedule(
      String name,
      String start,
      String end,
      Duration duration,
      String timeZone,
      Integer minReplicas,
      Integer maxReplicas) {}

  /**
   * A seasonal forecast of one metric, far enough ahead to cover pod start-up.
   *
   * @param metric the metric forecast; one of the target-tracking metrics, whose target turns the
   *     forecast into replicas
   * @param mode {@code forecast-only} shows the forecast; {@code forecast-and-scale} also raises
   *     capacity ahead of load (never lowers it)
   * @param lookahead how far ahead capacity is raised: pod start-up plus a buffer (default 5
   *     minutes)
   * @param warmUp history needed before the forecast acts (default 2 days)
   */
  public record Predictive(
      String metric, PredictiveMode mode, Duration lookahead, Duration warmUp) {

    public PredictiveMode effectiveMode() {
      return mode == null ? PredictiveMode.FORECAST_ONLY : mode;
    }

    public Duration effectiveLookahead() {
      return lookahead == null ? Duration.ofMinutes(5) : lookahead;
    }

    public Duration effectiveWarmUp() {
      return warmUp == null ? Duration.ofDays(2) : warmUp;
    }
  }

  /** Whether a forecast only shows or also scales. */
  public enum PredictiveMode {
    FORECAST_ONLY("forecast-only"),
    FORECAST_AND_SCALE("forecast-and-scale");

    private final String json;

    PredictiveMode(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static PredictiveMode fromJson(String value) {
      return JsonNames.find(values(), PredictiveMode::json, "mode", value);
    }
  }
}

package io.governor.engine.policy;

import io.governor.contracts.http.Violation;
import io.governor.contracts.schedule.CronExpression;
import io.governor.engine.policy.ScalingPolicy.MetricTarget;
import io.governor.engine.policy.ScalingPolicy.RatePolicy;
import io.governor.engine.policy.ScalingPolicy.Rules;
import io.governor.engine.policy.ScalingPolicy.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Names every field at fault in a policy's scaling section. */
final class ScalingValidator {

  private static final Duration MAX_WINDOW = Duration.ofHours(1);
  private static final Duration MAX_PERIOD = Duration.ofMinutes(30);

  private ScalingValidator() {}

  static void validate(ScalingPolicy scaling, PolicyTarget target, List<Violation> violations) {
    String at = "scaling.";
    Integer max = scaling.maxReplicas();
    if (max == null || max < 1) {
      violations.add(new Violation(at + "maxReplicas", "is required, at least 1"));
    }
    if (scaling.minReplicas() != null
        && (scaling.minReplicas() < 1 || (max != null && scaling.minReplicas() > max))) {
      violations.add(
          new Violation(at + "minReplicas", "must be at least 1 and at most maxReplicas"));
    }
    if (target != null && target.name() == null) {
      // The actuator sets one workload's count, as an HPA's scaleTargetRef names one.
      violations.add(new Violation("target.name", "scaling needs a target naming one workload"));
    }
    if (scaling.tolerance() != null && !(scaling.tolerance() >= 0 && scaling.tolerance() < 1)) {
      violations.add(new Violation(at + "tolerance", "must be at least 0 and less than 1"));
    }
    List<MetricTarget> metrics = scaling.effectiveMetrics();
    if (metrics.isEmpty() && scaling.effectiveSchedules().isEmpty()) {
      violations.add(new Violation(at + "metrics", "scaling needs metrics, schedules or both"));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      MetricTarget metric = metrics.get(i);
      String field = at + "metrics[" + i + "].";
      PolicyValidator.requireMetric(field + "name", metric.name(), violations);
      if (metric.name() != null && !names.add(metric.name())) {
        violations.add(new Violation(field + "name", "appears twice"));
      }
      if (metric.type() == null) {
        violations.add(
            new Violation(field + "type", "is required: Utilization, AverageValue or Value"));
      }
      if (metric.value() == null || !(metric.value() > 0)) {
        violations.add(new Violation(field + "value", "is required, greater than 0"));
      }
    }
    if (scaling.behavior() != null) {
      validateRules(at + "behavior.scaleUp.", scaling.behavior().scaleUp(), violations);
      validateRules(at + "behavior.scaleDown.", scaling.behavior().scaleDown(), violations);
    }
    if (scaling.fallback() != null) {
      Integer replicas = scaling.fallback().replicas();
      if (replicas == null || replicas < 1 || (max != null && replicas > max)) {
        violations.add(
            new Violation(at + "fallback.replicas", "is required, between 1 and maxReplicas"));
      }
      if (scaling.fallback().after() != null
          && !PolicyValidator.isPositive(scaling.fallback().after())) {
        violations.add(new Violation(at + "fallback.after", "must be a positive duration"));
      }
    }
    validateSchedules(scaling.effectiveSchedules(), max, violations);
    ScalingPolicy.Predictive predictive = scaling.predictive();
    if (predictive != null) {
      if (predictive.metric() == null || !names.contains(predictive.metric())) {
        violations.add(
            new Violation(
                at + "predictive.metric", "must be one of the target-tracking metrics' names"));
      }
      Duration lookahead = predictive.lookahead();
      if (lookahead != null
          && (lookahead.compareTo(Duration.ofMinutes(1)) < 0
              || lookahead.compareTo(Duration.ofHours(24)) > 0)) {
        violations.add(
            new Violation(at + "predictive.lookahead", "must be between 1 minute and 24 hours"));
      }
      if (predictive.warmUp() != null && predictive.warmUp().compareTo(Duration.ofDays(1)) < 0) {
        violations.add(
            new Violation(
                at + "predictive.warmUp", "must be at least a day: the forecast is seasonal"));
      }
    }
  }

  private static void validateRules(String at, Rules rules, List<Violation> violations) {
    if (rules == null) {
      return;
    }
    Duration window = rules.stabilizationWindow();
    if (window != null && (window.isNegative() || window.compareTo(MAX_WINDOW) > 0)) {
      violations.add(new Violation(at + "stabilizationWindow", "must be between 0 and 1 hour"));
    }
    if (rules.policies() != null
        && rules.policies().isEmpty()
        && rules.effectiveSelectPolicy() != ScalingPolicy.SelectPolicy.DISABLED) {
      violations.add(
          new Violation(at + "policies", "needs at least one policy, or selectPolicy disabled"));
    }
    List<RatePolicy> policies = rules.effectivePolicies();
    for (int i = 0; i < policies.size(); i++) {
      RatePolicy policy = policies.get(i);
      String field = at + "policies[" + i + "].";
      if (policy.type() == null) {
        violations.add(new Violation(field + "type", "is required: Pods or Percent"));
      }
      if (policy.value() < 1) {
        violations.add(new Violation(field + "value", "must be at least 1"));
      }
      if (policy.period() == null
          || !PolicyValidator.isPositive(policy.period())
          || policy.period().compareTo(MAX_PERIOD) > 0) {
        violations.add(new Violation(field + "period", "must be between 1 second and 30 minutes"));
      }
    }
  }

  /** Read as the scheduler reads it, so what is accepted here is what fires there. */
  private static Optional<String> cronProblem(String expression) {
    if (expression == null || expression.isBlank()) {
      return Optional.of("is required: a cron expression such as '0 8 * * MON-FRI'");
    }
    try {
      CronExpression.parse(expression);
      return Optional.empty();
    } catch (CronExpression.InvalidCronExpressionException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static void validateSchedules(
      List<Schedule> schedules, Integer max, List<Violation> violations) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < schedules.size(); i++) {
      Schedule schedule = schedules.get(i);
      String field = "scaling.schedules[" + i + "].";
      if (schedule.name() == null
          || !PolicyValidator.DNS_LABEL.matcher(schedule.name()).matches()) {
        violations.add(new Violation(field + "name", "must be a DNS-1123 label"));
      } else if (!names.add(schedule.name())) {
        violations.add(new Violation(field + "name", "appears twice"));
      }
      cronProblem(schedule.start())
          .ifPresent(problem -> violations.add(new Violation(field + "start", problem)));
      if ((schedule.end() == null) == (schedule.duration() == null)) {
        violations.add(new Violation(field + "end", "give end (a cron expression) or duration"));
      } else if (schedule.end() != null) {
        cronProblem(schedule.end())
            .ifPresent(problem -> violations.add(new Violation(field + "end", problem)));
      } else if (!PolicyValidator.isPositive(schedule.duration())) {
        violations.add(new Violation(field + "duration", "must be a positive duration"));
      }
      try {
        if (schedule.timeZone() == null) {
          violations.add(new Violation(field + "timeZone", "is required, e.g. Europe/Berlin"));
        } else {
          ZoneId.of(schedule.timeZone());
        }
      } catch (DateTimeException e) {
        violations.add(
            new Violation(field + "timeZone", "'" + schedule.timeZone() + "' is no IANA zone"));
      }
      Integer floor = schedule.minReplicas();
      if (floor == null || floor < 0 || (max != null && floor > max)) {
        violations.add(
            new Violation(field + "minReplicas", "is required, between 0 and maxReplicas"));
      }
      if (schedule.maxReplicas() != null
          && (schedule.maxReplicas() < 1 || (floor != null && schedule.maxReplicas() < floor))) {
        violations.add(
            new Violation(field + "maxReplicas", "must be at least 1 and at least minReplicas"));
      }
    }
  }
}

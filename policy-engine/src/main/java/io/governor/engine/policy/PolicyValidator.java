package io.governor.engine.policy;

import io.governor.contracts.http.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Names every field at fault in a policy, so an editor fixes them all in one go. */
public final class PolicyValidator {

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PolicyValidator() {}

  public static List<Violation> validate(Policy policy) {
    List<Violation> violations = new ArrayList<>();
    if (policy.name() == null || !DNS_LABEL.matcher(policy.name()).matches()) {
      violations.add(
          new Violation("name", "must be a DNS-1123 label (lower case, digits, '-'), at most 63"));
    }
    validateTarget(policy.target(), violations);
    RollbackPolicy rollback = policy.rollback();
    if (rollback == null && policy.scaling() == null) {
      violations.add(new Violation("rollback", "a policy needs rollback, scaling or both"));
    }
    if (rollback != null
        && rollback.errorRate() == null
        && rollback.latency() == null
        && rollback.health() == null) {
      violations.add(
          new Violation("rollback", "must hold at least one rule (errorRate, latency, health)"));
    }
    if (policy.scaling() != null) {
      ScalingValidator.validate(policy.scaling(), policy.target(), violations);
    }
    if (rollback != null && rollback.errorRate() != null) {
      validateErrorRate(rollback.errorRate(), violations);
    }
    if (rollback != null && rollback.latency() != null) {
      validateLatency(rollback.latency(), violations);
    }
    if (rollback != null
        && rollback.health() != null
        && rollback.health().maxRestarts() != null
        && rollback.health().maxRestarts() < 1) {
      violations.add(new Violation("rollback.health.maxRestarts", "must be at least 1"));
    }
    if (rollback != null && rollback.analysis() != null) {
      validateAnalysis(rollback.analysis(), violations);
    }
    return violations;
  }

  private static void validateTarget(PolicyTarget target, List<Violation> violations) {
    if (target == null) {
      violations.add(new Violation("target", "is required"));
      return;
    }
    if (target.namespace() == null || !DNS_LABEL.matcher(target.namespace()).matches()) {
      violations.add(new Violation("target.namespace", "must be a Kubernetes namespace name"));
    }
    if (target.kind() != null && !KIND.matcher(target.kind()).matches()) {
      violations.add(new Violation("target.kind", "must be a Kubernetes kind, e.g. Deployment"));
    }
    if (target.name() == null && (target.selector() == null || target.selector().isEmpty())) {
      violations.add(
          new Violation("target", "must name a workload, or select workloads by labels"));
    }
    if (target.name() != null && !DNS_SUBDOMAIN.matcher(target.name()).matches()) {
      violations.add(new Violation("target.name", "must be a Kubernetes object name"));
    }
    if (target.selector() != null) {
      target
          .selector()
          .forEach(
              (label, value) -> {
                if (label == null || !LABEL_KEY.matcher(label).matches()) {
                  violations.add(
                      new Violation("target.selector", "'" + label + "' is not a label name"));
                } else if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                  violations.add(
                      new Violation(
                          "target.selector." + label, "'" + value + "' is not a label value"));
                }
              });
    }
  }

  private static void validateErrorRate(ErrorRateRule rule, List<Violation> violations) {
    String at = "rollback.errorRate.";
    requireMetric(at + "requestsMetric", rule.requestsMetric(), violations);
    requireMetric(at + "errorsMetric", rule.errorsMetric(), violations);
    if (rule.maxRatio() == null || !(rule.maxRatio() > 0 && rule.maxRatio() < 1)) {
      violations.add(new Violation(at + "maxRatio", "must be greater than 0 and less than 1"));
    }
    validateSequentialTest(
        at, rule.baselineFactor(), rule.falseAlarmRate(), rule.minRequests(), violations);
  }

  private static void validateLatency(LatencyRule rule, List<Violation> violations) {
    String at = "rollback.latency.";
    requireMetric(at + "bucketMetric", rule.bucketMetric(), violations);
    if (rule.quantile() != null && !(rule.quantile() >= 0.5 && rule.quantile() < 1)) {
      violations.add(new Violation(at + "quantile", "must be at least 0.5 and less than 1"));
    }
    if (rule.maxSeconds() != null && !(rule.maxSeconds() > 0)) {
      violations.add(new Violation(at + "maxSeconds", "must be greater than 0"));
    }
    validateSequentialTest(
        at, rule.baselineFactor(), rule.falseAlarmRate(), rule.minRequests(), violations);
  }

  static void requireMetric(String field, String metric, List<Violation> violations) {
    if (metric == null || !METRIC.matcher(metric).matches()) {
      violations.add(new Violation(field, "must be a Prometheus metric name"));
    }
  }

  /** The settings both rules' sequential tests share. */
  private static void validateSequentialTest(
      String at,
      Double baselineFactor,
      Double falseAlarmRate,
      Long minRequests,
      List<Violation> violations) {
    if (baselineFactor != null && !(baselineFactor > 1)) {
      violations.add(new Violation(at + "baselineFactor", "must be greater than 1"));
    }
    if (falseAlarmRate != null && !(falseAlarmRate > 0 && falseAlarmRate <= 0.1)) {
      violations.add(new Violation(at + "falseAlarmRate", "must be greater than 0, at most 0.1"));
    }
    if (minRequests != null && minRequests < 1) {
      violations.add(new Violation(at + "minRequests", "must be at least 1"));
    }
  }

  private static void validateAnalysis(AnalysisSettings analysis, List<Violation> violations) {
    String at = "rollback.analysis.";
    if (analysis.duration() != null && !isPositive(analysis.duration())) {
      violations.add(new Violation(at + "duration", "must be a positive ISO-8601 duration"));
    }
    if (analysis.postPromotionWatch() != null && analysis.postPromotionWatch().isNegative()) {
      violations.add(new Violation(at + "postPromotionWatch", "must not be negative"));
    }
    NoDataRule noData = analysis.noData();
    if (noData != null && noData.after() != null && !isPositive(noData.after())) {
      violations.add(new Violation(at + "noData.after", "must be a positive ISO-8601 duration"));
    }
  }

  static boolean isPositive(java.time.Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}

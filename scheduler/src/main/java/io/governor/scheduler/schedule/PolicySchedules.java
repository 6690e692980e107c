package io.governor.scheduler.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.governor.contracts.EventCodec;
import io.governor.contracts.WorkloadId;
import io.governor.contracts.schedule.CronExpression;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the schedules of one stored policy. Only what scheduling needs is read; everything else in
 * the policy is ignored. A schedule that cannot be used is skipped with a problem saying why, and
 * the policy's other schedules still count: one typo must not switch off a whole policy's scaling.
 *
 * <pre>{@code
 * {"name": "shop-payments",
 *  "target": {"namespace": "shop", "kind": "Deployment", "name": "payments"},
 *  "scaling": {"schedules": [
 *    {"name": "business-hours", "start": "0 8 * * MON-FRI", "end": "0 18 * * MON-FRI",
 *     "timeZone": "Europe/Berlin", "minReplicas": 10, "maxReplicas": 30},
 *    {"name": "nightly-batch", "start": "30 1 * * *", "duration": "PT2H",
 *     "timeZone": "America/New_York", "minReplicas": 6}]}}
 * }</pre>
 *
 * <p>{@code kind} defaults to {@code Deployment} and {@code timeZone} to UTC. policy-engine stores
 * a policy wrapped as {@code {"policy": {...}, "updatedAt": ..., "updatedBy": ...}}; both that and
 * the bare policy are read.
 */
public final class PolicySchedules {

  private static final String DEFAULT_KIND = "Deployment";

  /**
   * The usable schedules of a policy and why the others were skipped.
   *
   * @param problems one sentence per skipped schedule (or skipped policy), naming the field
   */
  public record Read(List<WorkloadSchedule> schedules, List<String> problems) {

    public Read {
      schedules = List.copyOf(schedules);
      problems = List.copyOf(problems);
    }
  }

  private PolicySchedules() {}

  /**
   * @param storedName the policy's name: the field of the policies hash it is stored under
   */
  public static Read read(String storedName, String json) {
    JsonNode root;
    try {
      root = EventCodec.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      return problem("policy '" + storedName + "' skipped: not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return problem("policy '" + storedName + "' skipped: not a JSON object");
    }
    JsonNode policy = root.path("policy").isObject() ? root.path("policy") : root;
    String policyName = storedName;
    JsonNode schedules = policy.path("scaling").path("schedules");
    if (schedules.isMissingNode() || schedules.isNull()) {
      return new Read(List.of(), List.of());
    }
    String at = "policy '" + policyName + "'";
    if (!schedules.isArray()) {
      return problem(at + ": schedules skipped: scaling.schedules is not a list");
    }
    if (schedules.isEmpty()) {
      return new Read(List.of(), List.of());
    }
    JsonNode target = policy.path("target");
    String namespace = text(target, "namespace");
    String workloadName = text(target, "name");
    if (namespace == null || workloadName == null) {
      return problem(
          at
              + ": schedules skipped: its target has no namespace and name (a label selector);"
              + " a schedule needs one workload");
    }
    String kind = text(target, "kind");
    WorkloadId workload;
    try {
      workload = new WorkloadId(namespace, kind == null ? DEFAULT_KIND : kind, workloadName);
    } catch (IllegalArgumentException e) {
      return problem(at + ": schedules skipped: target: " + e.getMessage());
    }
    List<WorkloadSchedule> read = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < schedules.size(); i++) {
      JsonNode schedule = schedules.get(i);
      String scheduleName = text(schedule, "name");
      String where =
          at
              + ", scaling.schedules["
              + i
              + "]"
              + (scheduleName == null ? "" : " '" + scheduleName + "'");
      try {
        if (scheduleName == null) {
          throw new InvalidSchedule("name is missing");
        }
        if (!names.add(scheduleName)) {
          throw new InvalidSchedule("name: another schedule of the policy has this name");
        }
        read.add(
            new WorkloadSchedule(
                workload,
                policyName,
                scheduleName,
                minReplicas(schedule),
                maxReplicas(schedule),
                window(schedule)));
      } catch (InvalidSchedule e) {
        problems.add(where + " skipped: " + e.getMessage());
      }
    }
    return new Read(read, problems);
  }

  private static ScheduleWindow window(JsonNode schedule) {
    CronExpression start = cron(schedule, "start");
    if (start == null) {
      throw new InvalidSchedule("start is missing");
    }
    ZoneId zone = zone(schedule);
    CronExpression end = cron(schedule, "end");
    String duration = text(schedule, "duration");
    if ((end == null) == (duration == null)) {
      throw new InvalidSchedule("give either end (a cron expression) or duration (ISO-8601)");
    }
    if (end != null) {
      return ScheduleWindow.between(start, end, zone);
    }
    try {
      Duration lasting = Duration.parse(duration);
      if (lasting.isZero() || lasting.isNegative()) {
        throw new InvalidSchedule("duration: " + duration + " must be positive");
      }
      return ScheduleWindow.lasting(start, lasting, zone);
    } catch (DateTimeParseException e) {
      throw new InvalidSchedule(
          "duration: '" + duration + "' is not an ISO-8601 duration such as PT2H");
    }
  }

  private static CronExpression cron(JsonNode schedule, String field) {
    String text = text(schedule, field);
    if (text == null) {
      return null;
    }
    try {
      return CronExpression.parse(text);
    } catch (CronExpression.InvalidCronExpressionException e) {
      throw new InvalidSchedule(field + ": " + e.getMessage());
    }
  }

  private static ZoneId zone(JsonNode schedule) {
    String text = text(schedule, "timeZone");
    if (text == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new InvalidSchedule(
          "timeZone: '" + text + "' is not a time zone (an IANA name such as Europe/Berlin)");
    }
  }

  private static int minReplicas(JsonNode schedule) {
    Integer min = count(schedule, "minReplicas");
    if (min == null) {
      throw new InvalidSchedule("minReplicas is missing");
    }
    return min;
  }

  private static Integer maxReplicas(JsonNode schedule) {
    Integer max = count(schedule, "maxReplicas");
    Integer min = count(schedule, "minReplicas");
    if (max != null && min != null && max < min) {
      throw new InvalidSchedule("maxReplicas: " + max + " is below minReplicas " + min);
    }
    return max;
  }

  private static Integer count(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new InvalidSchedule(field + ": " + value + " is not a whole number >= 0");
    }
    return value.intValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
  }

  private static Read problem(String problem) {
    return new Read(List.of(), List.of(problem));
  }

  /** One schedule cannot be used; the message names the field. */
  private static final class InvalidSchedule extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidSchedule(String message) {
      super(message, null, false, false);
    }
  }
}

package io.governor.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.governor.contracts.schedule.CronExpression;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PolicySchedulesTest {

  private static final String POLICY =
      """
      {"name": "shop-payments",
       "target": {"namespace": "shop", "kind": "Deployment", "name": "payments"},
       "rollback": {"errorRate": {"maxRatio": 0.05}},
       "scaling": {
         "minReplicas": 2, "maxReplicas": 40,
         "schedules": [
           {"name": "business-hours", "start": "0 8 * * MON-FRI", "end": "0 18 * * MON-FRI",
            "timeZone": "Europe/Berlin", "minReplicas": 10, "maxReplicas": 30},
           {"name": "nightly-batch", "start": "30 1 * * *", "duration": "PT2H",
            "timeZone": "America/New_York", "minReplicas": 6}
         ]}}
      """;

  @Test
  void readsEverySchedule() {
    // Given a policy with two schedules, one ended by a cron expression, one by a duration
    // When it is read
    PolicySchedules.Read read = PolicySchedules.read("shop-payments", POLICY);

    // Then both apply to shop/Deployment/payments with their windows and replicas
    assertThat(read.problems()).isEmpty();
    assertThat(read.schedules()).hasSize(2);
    WorkloadSchedule business = read.schedules().get(0);
    assertThat(business.workload().key()).isEqualTo("shop/Deployment/payments");
    assertThat(business.policy()).isEqualTo("shop-payments");
    assertThat(business.schedule()).isEqualTo("business-hours");
    assertThat(business.minReplicas()).isEqualTo(10);
    assertThat(business.maxReplicas()).isEqualTo(30);
    assertThat(business.window())
        .isEqualTo(
            ScheduleWindow.between(
                CronExpression.parse("0 8 * * MON-FRI"),
                CronExpression.parse("0 18 * * MON-FRI"),
                ZoneId.of("Europe/Berlin")));
    WorkloadSchedule nightly = read.schedules().get(1);
    assertThat(nightly.maxReplicas()).isNull();
    assertThat(nightly.window())
        .isEqualTo(
            ScheduleWindow.lasting(
                CronExpression.parse("30 1 * * *"),
                Duration.ofHours(2),
                ZoneId.of("America/New_York")));
  }

  @Test
  void readsAPolicyAsPolicyEngineStoresIt() {
    // Given the policy wrapped as policy-engine stores it, without kind and time zone
    String stored =
        """
        {"policy": {"name": "web", "target": {"namespace": "shop", "name": "web"},
                    "scaling": {"schedules": [
                      {"name": "peak", "start": "0 12 * * *", "duration": "PT1H", "minReplicas": 3}]}},
         "updatedAt": "2026-11-27T10:00:00Z", "updatedBy": "alice"}
        """;

    // When it is read
    PolicySchedules.Read read = PolicySchedules.read("web", stored);

    // Then the kind is Deployment and the time zone UTC
    assertThat(read.problems()).isEmpty();
    assertThat(read.schedules())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.workload().key()).isEqualTo("shop/Deployment/web");
              assertThat(s.window().zone()).isEqualTo(ZoneOffset.UTC);
            });
  }

  @Test
  void aPolicyWithoutSchedulesHasNoneAndNoProblem() {
    // Given a rollback-only policy
    // When it is read
    PolicySchedules.Read read =
        PolicySchedules.read(
            "checkout",
            """
            {"name": "checkout", "target": {"namespace": "shop", "name": "checkout"},
             "rollback": {"errorRate": {"maxRatio": 0.05}}}
            """);

    // Then it has no schedules, which is no problem
    assertThat(read.schedules()).isEmpty();
    assertThat(read.problems()).isEmpty();
  }

  @Test
  void aLabelSelectorTargetIsSkipped() {
    // Given schedules on a policy that selects workloads by labels
    // When it is read
    PolicySchedules.Read read =
        PolicySchedules.read(
            "by-label",
            """
            {"name": "by-label", "target": {"namespace": "shop", "selector": {"tier": "web"}},
             "scaling": {"schedules": [
               {"name": "peak", "start": "0 12 * * *", "duration": "PT1H", "minReplicas": 3}]}}
            """);

    // Then its schedules are skipped, saying why
    assertThat(read.schedules()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .contains("policy 'by-label'", "label selector", "needs one workload");
  }

  @Test
  void aScheduleThatCannotBeUsedIsSkippedAndTheOthersKept() {
    // Given a policy whose schedules have one mistake each, but for the last
    String policy =
        """
        {"name": "p", "target": {"namespace": "shop", "name": "web"},
         "scaling": {"schedules": [
           {"name": "a", "start": "0 8 * * MOX", "end": "0 18 * * *", "minReplicas": 1},
           {"name": "b", "start": "0 8 * * *", "end": "0 18 * * *", "duration": "PT1H",
            "minReplicas": 1},
           {"name": "c", "start": "0 8 * * *", "duration": "2 hours", "minReplicas": 1},
           {"name": "d", "start": "0 8 * * *", "duration": "PT1H", "timeZone": "Mars/Olympus",
            "minReplicas": 1},
           {"name": "e", "start": "0 8 * * *", "duration": "PT1H"},
           {"name": "f", "start": "0 8 * * *", "duration": "PT1H", "minReplicas": 5,
            "maxReplicas": 4},
           {"start": "0 8 * * *", "duration": "PT1H", "minReplicas": 1},
           {"name": "h", "duration": "PT1H", "minReplicas": 1},
           {"name": "ok", "start": "0 8 * * *", "duration": "PT1H", "minReplicas": 1},
           {"name": "ok", "start": "0 9 * * *", "duration": "PT1H", "minReplicas": 1}
         ]}}
        """;

    // When it is read
    PolicySchedules.Read read = PolicySchedules.read("p", policy);

    // Then only the first "ok" is kept, and each problem names the schedule and the field
    assertThat(read.schedules()).extracting(WorkloadSchedule::schedule).containsExactly("ok");
    assertThat(read.problems())
        .containsExactly(
            "policy 'p', scaling.schedules[0] 'a' skipped: start: day-of-week: 'MOX' is not a day"
                + " name (SUN-SAT) (in cron expression '0 8 * * MOX')",
            "policy 'p', scaling.schedules[1] 'b' skipped: give either end (a cron expression) or"
                + " duration (ISO-8601)",
            "policy 'p', scaling.schedules[2] 'c' skipped: duration: '2 hours' is not an ISO-8601"
                + " duration such as PT2H",
            "policy 'p', scaling.schedules[3] 'd' skipped: timeZone: 'Mars/Olympus' is not a time"
                + " zone (an IANA name such as Europe/Berlin)",
            "policy 'p', scaling.schedules[4] 'e' skipped: minReplicas is missing",
            "policy 'p', scaling.schedules[5] 'f' skipped: maxReplicas: 4 is below minReplicas 5",
            "policy 'p', scaling.schedules[6] skipped: name is missing",
            "policy 'p', scaling.schedules[7] 'h' skipped: start is missing",
            "policy 'p', scaling.schedules[9] 'ok' skipped: name: another schedule of the policy"
                + " has this name");
  }

  @Test
  void somethingThatIsNotAPolicyIsSkipped() {
    // Given a stored value that is not JSON
    // When it is read
    PolicySchedules.Read read = PolicySchedules.read("broken", "{not json");

    // Then it is skipped, saying why
    assertThat(read.schedules()).isEmpty();
    assertThat(read.problems()).singleElement().asString().startsWith("policy 'broken' skipped");
  }
}

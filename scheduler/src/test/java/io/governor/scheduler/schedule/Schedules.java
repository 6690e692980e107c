package io.governor.scheduler.schedule;

import io.governor.contracts.WorkloadId;
import io.governor.contracts.schedule.CronExpression;
import java.time.Duration;
import java.time.ZoneId;

/** Schedules for the tests of this package. */
final class Schedules {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final WorkloadId PAYMENTS = WorkloadId.parse("shop/Deployment/payments");
  static final WorkloadId ORDERS = WorkloadId.parse("shop/Deployment/orders");

  private Schedules() {}

  /** 08:00-18:00 Monday to Friday, Europe/Berlin, 10 to 30 replicas. */
  static WorkloadSchedule businessHours(WorkloadId workload) {
    return new WorkloadSchedule(
        workload,
        "shop-" + workload.name(),
        "business-hours",
        10,
        30,
        ScheduleWindow.between(
            CronExpression.parse("0 8 * * MON-FRI"),
            CronExpression.parse("0 18 * * MON-FRI"),
            BERLIN));
  }

  /** 18:00 for four hours every day, Europe/Berlin, at least 4 replicas. */
  static WorkloadSchedule evening(WorkloadId workload) {
    return new WorkloadSchedule(
        workload,
        "shop-" + workload.name(),
        "evening",
        4,
        null,
        ScheduleWindow.lasting(CronExpression.parse("0 18 * * *"), Duration.ofHours(4), BERLIN));
  }
}

package io.governor.scheduler.schedule;

import io.governor.contracts.WorkloadId;
import java.util.Objects;

/**
 * One schedule of one policy, applied to one workload.
 *
 * @param minReplicas the floor while the window is in force
 * @param maxReplicas the ceiling while the window is in force, or {@code null} for none
 */
public record WorkloadSchedule(
    WorkloadId workload,
    String policy,
    String schedule,
    int minReplicas,
    Integer maxReplicas,
    ScheduleWindow window) {

  public WorkloadSchedule {
    Objects.requireNonNull(workload, "workload is missing");
    Objects.requireNonNull(policy, "policy is missing");
    Objects.requireNonNull(schedule, "schedule is missing");
    Objects.requireNonNull(window, "window is missing");
  }

  /** What identifies this schedule across reloads: a change of anything else is an edit. */
  public Key key() {
    return new Key(workload, policy, schedule);
  }

  /** Identifies a schedule across reloads of the policies. */
  public record Key(WorkloadId workload, String policy, String schedule) {}
}

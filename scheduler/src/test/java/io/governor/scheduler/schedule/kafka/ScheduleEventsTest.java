package io.governor.scheduler.schedule.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.governor.contracts.ScheduleEvent;
import io.governor.contracts.ScheduleEventKind;
import io.governor.contracts.Topics;
import io.governor.contracts.WorkloadId;
import io.governor.scheduler.TestClock;
import io.governor.scheduler.leader.Leadership;
import io.governor.scheduler.leader.kubernetes.SchedulerLeaderElection;
import io.governor.scheduler.schedule.ScheduleLoop;
import io.governor.scheduler.schedule.SchedulePlanner;
import io.governor.testsupport.KafkaTestResource;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a real Kafka broker, a real Redis and the mock Kubernetes API, with the
 * application's clock in the test's hands: a policy stored in Redis becomes schedule events on the
 * schedules topic at the right instants.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ScheduleEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String POLICIES = "governor:policies";

  @Inject TestClock clock;
  @Inject RedisDataSource redis;
  @Inject ScheduleLoop loop;
  @Inject Leadership leadership;
  @Inject SchedulerLeaderElection election;
  @Inject KubernetesClient kubernetes;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private KafkaTopicProbe kafka;
  private final List<String> stored = new ArrayList<>();

  @BeforeEach
  void connect() {
    kafka = new KafkaTopicProbe(bootstrap);
    await().atMost(WAIT).until(leadership::isLeader);
  }

  @AfterEach
  void cleanUp() {
    stored.forEach(name -> redis.hash(String.class).hdel(POLICIES, name));
    clock.reset();
    kafka.close();
  }

  @Test
  void aWindowStartsAndEndsAtItsBoundaries() {
    // Given business hours 08:00-18:00 Monday to Friday in Europe/Berlin for shop/payments,
    // read by the scheduler, and the clock just before 08:00 CET on Monday 2026-11-30
    WorkloadId payments = WorkloadId.parse("shop/Deployment/payments");
    store(
        "shop-payments",
        payments,
        """
        {"name": "business-hours", "start": "0 8 * * MON-FRI", "end": "0 18 * * MON-FRI",
         "timeZone": "Europe/Berlin", "minReplicas": 10, "maxReplicas": 30}
        """);
    checkedAt("2026-11-30T06:59:58Z");

    // When the clock passes 08:00 CET (07:00Z)
    clock.set(Instant.parse("2026-11-30T07:00:01Z"));

    // Then the window's start is on the topic, keyed by the workload, with its replicas and end
    ConsumerRecord<String, String> record =
        awaitRecord(payments, ScheduleEventKind.SCHEDULE_START, "2026-11-30T07:00:00Z");
    assertThat(record.key()).isEqualTo("shop/Deployment/payments");
    CloudEvent<ScheduleEvent> start = decode(record);
    assertThat(start.subject()).isEqualTo("shop/Deployment/payments");
    assertThat(start.id()).isEqualTo(SchedulePlanner.idOf(start.data()));
    assertThat(start.data().policy()).isEqualTo("shop-payments");
    assertThat(start.data().schedule()).isEqualTo("business-hours");
    assertThat(start.data().minReplicas()).isEqualTo(10);
    assertThat(start.data().maxReplicas()).isEqualTo(30);
    assertThat(start.data().endsAt()).isEqualTo("2026-11-30T17:00:00Z");

    // When the clock passes 18:00 CET (17:00Z)
    checkedAt("2026-11-30T16:59:58Z");
    clock.set(Instant.parse("2026-11-30T17:00:01Z"));

    // Then the window's end is on the topic
    CloudEvent<ScheduleEvent> end =
        decode(awaitRecord(payments, ScheduleEventKind.SCHEDULE_END, "2026-11-30T17:00:00Z"));
    assertThat(end.data().schedule()).isEqualTo("business-hours");
  }

  @Test
  void aNightlyWindowInBerlinFiresAtTheRightInstantsAcrossBothDaylightSavingChanges() {
    // Given 02:30 for one hour every night in Europe/Berlin
    WorkloadId nightly = WorkloadId.parse("shop/Deployment/nightly");
    store(
        "shop-nightly",
        nightly,
        """
        {"name": "nightly", "start": "30 2 * * *", "duration": "PT1H",
         "timeZone": "Europe/Berlin", "minReplicas": 6}
        """);

    // When the clock passes 2026-03-29 01:00Z, when 02:00 CET jumps to 03:00 CEST
    checkedAt("2026-03-29T00:59:58Z");
    clock.set(Instant.parse("2026-03-29T01:00:01Z"));

    // Then the skipped 02:30 starts at the jump and ends an hour later
    ScheduleEvent spring =
        decode(awaitRecord(nightly, ScheduleEventKind.SCHEDULE_START, "2026-03-29T01:00:00Z"))
            .data();
    assertThat(spring.endsAt()).isEqualTo("2026-03-29T02:00:00Z");
    checkedAt("2026-03-29T01:59:58Z");
    clock.set(Instant.parse("2026-03-29T02:00:01Z"));
    awaitRecord(nightly, ScheduleEventKind.SCHEDULE_END, "2026-03-29T02:00:00Z");

    // When the clock passes 02:30 CEST (00:30Z) on 2026-10-25, and the repeated 02:30 CET (01:30Z)
    checkedAt("2026-10-25T00:29:58Z");
    clock.set(Instant.parse("2026-10-25T00:30:01Z"));
    ScheduleEvent fall =
        decode(awaitRecord(nightly, ScheduleEventKind.SCHEDULE_START, "2026-10-25T00:30:00Z"))
            .data();
    checkedAt("2026-10-25T01:29:58Z");
    clock.set(Instant.parse("2026-10-25T01:30:01Z"));

    // Then it starts once, at the first 02:30, and ends an hour later, when 02:30 comes again
    assertThat(fall.endsAt()).isEqualTo("2026-10-25T01:30:00Z");
    awaitRecord(nightly, ScheduleEventKind.SCHEDULE_END, "2026-10-25T01:30:00Z");
    assertThat(events(nightly))
        .noneMatch(
            e ->
                e.kind() == ScheduleEventKind.SCHEDULE_START
                    && e.firedAt().equals(Instant.parse("2026-10-25T01:30:00Z")));
  }

  @Test
  void aNewLeadershipPublishesTheLevel() {
    // Given a window in force (every hour for 30 minutes) whose start was published
    WorkloadId level = WorkloadId.parse("shop/Deployment/level");
    store(
        "shop-level",
        level,
        """
        {"name": "half-hours", "start": "0 * * * *", "duration": "PT30M", "minReplicas": 2}
        """);
    checkedAt("2026-12-01T10:10:00Z");
    awaitRecord(level, ScheduleEventKind.SCHEDULE_START, "2026-12-01T10:00:00Z");
    long startsBefore = countStarts(level, "2026-12-01T10:00:00Z");
    long term = leadership.term();

    // When another instance takes the lease, and this one wins it back after it expired
    await().atMost(WAIT).until(() -> tookTheLease("another-scheduler"));
    await().atMost(WAIT).until(() -> !leadership.isLeader());
    await().atMost(WAIT).until(() -> leadership.isLeader() && leadership.term() > term);

    // Then the window's start is published again, the same event as before
    await().atMost(WAIT).until(() -> countStarts(level, "2026-12-01T10:00:00Z") > startsBefore);
  }

  /**
   * Takes the lease as another instance would: a write that lost to this instance's renewal (409)
   * is tried again, not taken as a failure.
   */
  private boolean tookTheLease(String holder) {
    String[] lease = election.lease().split("/");
    try {
      kubernetes
          .leases()
          .inNamespace(lease[0])
          .withName(lease[1])
          .edit(
              l -> {
                l.getSpec().setHolderIdentity(holder);
                l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                return l;
              });
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  /** Stores a policy with one schedule and waits until the scheduler has read it. */
  private void store(String policy, WorkloadId workload, String schedule) {
    String json =
        """
        {"policy": {"name": "%s",
                    "target": {"namespace": "%s", "kind": "%s", "name": "%s"},
                    "scaling": {"schedules": [%s]}},
         "updatedAt": "2026-11-27T10:00:00Z", "updatedBy": "test"}
        """
            .formatted(policy, workload.namespace(), workload.kind(), workload.name(), schedule);
    redis.hash(String.class).hset(POLICIES, policy, json);
    stored.add(policy);
    await()
        .atMost(WAIT)
        .until(
            () ->
                loop.planner()
                    .map(p -> p.schedules().stream().anyMatch(s -> s.workload().equals(workload)))
                    .orElse(false));
  }

  /** Sets the clock and waits until the leader has checked (and published) up to it. */
  private void checkedAt(String instant) {
    Instant at = Instant.parse(instant);
    clock.set(at);
    await().atMost(WAIT).until(() -> loop.checkedUntil().equals(Optional.of(at)));
  }

  private ConsumerRecord<String, String> awaitRecord(
      WorkloadId workload, ScheduleEventKind kind, String firedAt) {
    Predicate<ConsumerRecord<String, String>> match =
        r ->
            workload.key().equals(r.key())
                && decode(r).data().kind() == kind
                && decode(r).data().firedAt().equals(Instant.parse(firedAt));
    return kafka.awaitRecord(Topics.SCHEDULES, match, WAIT);
  }

  private long countStarts(WorkloadId workload, String firedAt) {
    return events(workload).stream()
        .filter(e -> e.kind() == ScheduleEventKind.SCHEDULE_START)
        .filter(e -> e.firedAt().equals(Instant.parse(firedAt)))
        .count();
  }

  private List<ScheduleEvent> events(WorkloadId workload) {
    return kafka.readAll(Topics.SCHEDULES, WAIT).stream()
        .filter(r -> workload.key().equals(r.key()))
        .map(r -> decode(r).data())
        .toList();
  }

  private static CloudEvent<ScheduleEvent> decode(ConsumerRecord<String, String> record) {
    return EventCodec.decode(record.value(), EventTypes.SCHEDULE, ScheduleEvent.class);
  }
}

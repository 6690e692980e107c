package io.governor.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private static final WorkloadId CHECKOUT = WorkloadId.parse("shop/Deployment/checkout");

  @Test
  void decisionSurvivesTheRoundTripWithItsEvidence() {
    // Given
    Evidence evidence =
        new Evidence(
            "error-rate",
            "fail",
            Map.of("errorRatio", 0.2, "requests", 200.0),
            Map.of("maxRatio", 0.05),
            CLOCK.instant(),
            CLOCK.instant(),
            "20% errors");
    Decision decision =
        new Decision(
            DecisionIds.of(DecisionType.ROLLBACK, CHECKOUT, "2", "error-rate", "w"),
            DecisionType.ROLLBACK,
            CHECKOUT,
            DecisionTarget.rollback("2", "1"),
            "error-rate",
            "error ratio above ceiling",
            List.of(evidence),
            "checkout-errors",
            3,
            false,
            CLOCK.instant(),
            CLOCK.instant().minusSeconds(42));
    CloudEvent<Decision> event =
        CloudEvent.withId(
            decision.id(), EventTypes.DECISION, "/policy-engine", CHECKOUT, decision, CLOCK);

    // When
    String json = EventCodec.encode(event);
    CloudEvent<Decision> read = EventCodec.decode(json, EventTypes.DECISION, Decision.class);

    // Then
    assertThat(json)
        .contains("\"specversion\":\"1.0\"")
        .contains("\"subject\":\"shop/Deployment/checkout\"")
        .contains("\"time\":\"2026-11-27T10:00:00Z\"")
        .contains("\"firstBadSampleAt\":\"2026-11-27T09:59:18Z\"");
    assertThat(read).isEqualTo(event);
    assertThat(read.data().evidence().get(0).observed()).containsEntry("errorRatio", 0.2);
    assertThat(read.data().firstBadSampleAt()).isEqualTo(Instant.parse("2026-11-27T09:59:18Z"));
  }

  @Test
  void aDecisionWithoutAFirstBadSampleLeavesItOutAndReadsBackAsNull() {
    // Given a scale decision, which is not about a revision, made with the shorter constructor
    Decision scale =
        new Decision(
            DecisionIds.of(DecisionType.SCALE, CHECKOUT, "replicas=2->4", "scaling", "w"),
            DecisionType.SCALE,
            CHECKOUT,
            DecisionTarget.scale(4),
            "scaling",
            "load rose",
            List.of(),
            "checkout-scaling",
            1,
            false,
            CLOCK.instant());
    CloudEvent<Decision> event =
        CloudEvent.withId(
            scale.id(), EventTypes.DECISION, "/policy-engine", CHECKOUT, scale, CLOCK);

    // When it is written and read back
    String json = EventCodec.encode(event);
    Decision read = EventCodec.decode(json, EventTypes.DECISION, Decision.class).data();

    // Then the field is absent on the wire, as older consumers expect, and null when read
    assertThat(json).doesNotContain("firstBadSampleAt");
    assertThat(read.firstBadSampleAt()).isNull();
    assertThat(read).isEqualTo(scale);
  }

  @Test
  void aMissingFieldIsNamedInTheReason() {
    String json =
        """
        {"specversion":"1.0","id":"1","type":"io.governor.deployment.v1","source":"/test",
         "data":{"workload":"shop/Deployment/checkout","kind":"NEW_REVISION","revision":"2",
                 "observedAt":"2026-11-27T10:00:00Z"}}
        """;

    assertThatThrownBy(() -> EventCodec.decode(json, EventTypes.DEPLOYMENT, DeploymentEvent.class))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("previousRevision is missing");
  }

  @Test
  void aBadWorkloadIdIsRejectedWithTheReason() {
    String json =
        """
        {"specversion":"1.0","id":"1","type":"io.governor.metrics.batch.v1","source":"/test",
         "data":{"workload":"checkout","samples":[]}}
        """;

    assertThatThrownBy(() -> EventCodec.decode(json, EventTypes.METRIC_BATCH, MetricBatch.class))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not of the form namespace/kind/name");
  }

  @Test
  void aBadWorkloadIdIsBlamedOnTheWorkloadField() {
    String json =
        """
        {"workload": "Shop/Deployment/checkout", "samples": [
          {"name": "up", "type": "GAUGE", "value": 1, "timestamp": "2026-11-27T10:00:00Z"}]}
        """;

    assertThatThrownBy(
            () -> EventCodec.decodeData(EventCodec.mapper().readTree(json), MetricBatch.class))
        .isInstanceOfSatisfying(
            EventDecodingException.class, e -> assertThat(e.field()).isEqualTo("workload"));
  }

  @Test
  void requestBodiesAreReadStrictly() {
    String json =
        """
        {"workload": "shop/Deployment/checkout", "samples": [
          {"name": "up", "type": "GAUGE", "value": 1, "timestamp": "2026-11-27T10:00:00Z",
           "lables": {"pod": "a"}}]}
        """;

    assertThatThrownBy(
            () -> EventCodec.decodeData(EventCodec.mapper().readTree(json), MetricBatch.class))
        .isInstanceOfSatisfying(
            EventDecodingException.class,
            e -> {
              assertThat(e.field()).isEqualTo("samples[0].lables");
              assertThat(e.getMessage()).contains("is not a known field");
            });
  }

  @Test
  void aNullLabelIsNamed() {
    String json =
        """
        {"workload": "shop/Deployment/checkout", "samples": [
          {"name": "up", "type": "GAUGE", "value": 1, "timestamp": "2026-11-27T10:00:00Z",
           "labels": {"pod": null}}]}
        """;

    assertThatThrownBy(
            () -> EventCodec.decodeData(EventCodec.mapper().readTree(json), MetricBatch.class))
        .isInstanceOfSatisfying(
            EventDecodingException.class,
            e -> {
              assertThat(e.field()).isEqualTo("samples[0].labels");
              assertThat(e.getMessage()).contains("must not hold null");
            });
  }

  @Test
  void notJsonAtAllIsAMalformedEvent() {
    assertThatThrownBy(() -> EventCodec.decode("{oops", EventTypes.DECISION, Decision.class))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageStartingWith("malformed event");
  }

  @Test
  void anEventOfAnotherTypeIsRejected() {
    CloudEvent<ScheduleEvent> tick =
        CloudEvent.of(
            EventTypes.SCHEDULE, "/scheduler", null, ScheduleEvent.tick(1, CLOCK.instant()), CLOCK);

    assertThatThrownBy(
            () -> EventCodec.decode(EventCodec.encode(tick), EventTypes.DECISION, Decision.class))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("unexpected event type 'io.governor.schedule.v1'");
  }
}

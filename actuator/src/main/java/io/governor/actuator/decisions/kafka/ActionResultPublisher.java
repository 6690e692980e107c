package io.governor.actuator.decisions.kafka;

import io.governor.actuator.config.ActuatorConfig;
import io.governor.contracts.ActionResult;
import io.governor.contracts.CloudEvent;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Writes action results to Kafka and waits for the broker. */
@ApplicationScoped
public class ActionResultPublisher {

  @Inject
  @Channel("actions-out")
  Emitter<Record<String, String>> actions;

  @Inject ActuatorConfig config;
  @Inject Clock clock;

  public void publish(ActionResult result) {
    CloudEvent<ActionResult> event =
        CloudEvent.of(EventTypes.ACTION_RESULT, config.source(), result.workload(), result, clock);
    actions
        .send(Record.of(result.workload().key(), EventCodec.encode(event)))
        .toCompletableFuture()
        .join();
  }
}

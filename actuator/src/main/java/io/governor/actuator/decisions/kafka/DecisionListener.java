package io.governor.actuator.decisions.kafka;

import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventTypes;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes decisions in order per workload. A record that cannot be read throws; the channel's
 * dead-letter strategy moves it aside with the reason and the partition goes on.
 */
@ApplicationScoped
public class DecisionListener {

  @Inject DecisionHandler handler;

  @Incoming("decisions-in")
  @Blocking
  public void onDecision(String json) {
    handler.handle(EventCodec.decode(json, EventTypes.DECISION, Decision.class).data());
  }
}

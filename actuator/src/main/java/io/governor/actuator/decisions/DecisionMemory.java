package io.governor.actuator.decisions;

import io.governor.contracts.ActionResult;
import java.util.Optional;

/** Which decisions were handled, by any replica, and whether their result was published. */
public interface DecisionMemory {

  /** A decision handled before, with its result. */
  record Handled(ActionResult result, boolean published) {}

  Optional<Handled> find(String decisionId);

  void remember(ActionResult result, boolean published);
}

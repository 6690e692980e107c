package io.governor.engine.policy;

import io.governor.contracts.http.Violation;
import java.util.List;

/** A policy operation that cannot be done; its reason decides the HTTP status. */
public class PolicyException extends RuntimeException {

  /** Why the operation failed. */
  public enum Reason {
    INVALID(400),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    VERSION_CONFLICT(412);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final transient List<Violation> violations;

  public PolicyException(Reason reason, String message, List<Violation> violations) {
    super(message);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  public PolicyException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<Violation> violations() {
    return violations;
  }
}

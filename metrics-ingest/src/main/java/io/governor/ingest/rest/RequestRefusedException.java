package io.governor.ingest.rest;

import io.governor.contracts.http.Problem;

/** A request Governor will not take; carries the problem details the client receives. */
public class RequestRefusedException extends RuntimeException {

  /** Why a request was refused; the tag on the refusal metric. */
  public enum Reason {
    INVALID_BODY,
    TOO_LARGE,
    UNSUPPORTED_ENCODING
  }

  private final Reason reason;
  private final transient Problem problem;

  public RequestRefusedException(Reason reason, Problem problem, Throwable cause) {
    super(problem.detail(), cause);
    this.reason = reason;
    this.problem = problem;
  }

  public Reason reason() {
    return reason;
  }

  public Problem problem() {
    return problem;
  }
}

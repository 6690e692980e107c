package io.governor.ingest.auth;

/**
 * What {@link BearerTokens} made of a request's {@code Authorization} header.
 *
 * @param client the name of the token presented, for the logs; null unless accepted
 */
public record AuthCheck(Outcome outcome, String client) {

  /** Why a request was let in or not; the tag on the request metric. */
  public enum Outcome {
    ACCEPTED,
    /** No {@code Authorization} header at all. */
    MISSING,
    /** A header that is not {@code Bearer <token>}. */
    MALFORMED,
    /** A bearer token that is none of the configured ones. */
    INVALID
  }

  public static AuthCheck accepted(String client) {
    return new AuthCheck(Outcome.ACCEPTED, client);
  }

  public static AuthCheck refused(Outcome outcome) {
    if (outcome == Outcome.ACCEPTED) {
      throw new IllegalArgumentException("a refusal needs a refusing outcome");
    }
    return new AuthCheck(outcome, null);
  }

  public boolean isAccepted() {
    return outcome == Outcome.ACCEPTED;
  }
}

package io.governor.ingest.auth;

/**
 * A JWT that is not let in, with the reason. The message goes into the 401's problem detail and the
 * {@code WWW-Authenticate} challenge: it says what is wrong and never quotes the token.
 */
public class JwtRejectedException extends RuntimeException {

  /** Why a JWT was refused; the tag on the refusal metric. */
  public enum Reason {
    /** Not a compact JWS with a JSON header and payload, or a required claim is missing. */
    MALFORMED,
    /** Unsigned ({@code none}), HMAC or any algorithm but RS256 and ES256. */
    ALGORITHM,
    /** The identity provider's keys hold none with the token's {@code kid}. */
    UNKNOWN_KEY,
    /** The signature does not verify with the key: forged or altered. */
    BAD_SIGNATURE,
    WRONG_ISSUER,
    EXPIRED,
    /** {@code nbf} or {@code iat} lies ahead, beyond the allowed clock skew. */
    NOT_YET_VALID,
    WRONG_AUDIENCE,
    MISSING_SCOPE
  }

  private final Reason reason;

  public JwtRejectedException(Reason reason, String message) {
    // No stack trace: a refusal is an answer, not a fault, and may come many times a second.
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

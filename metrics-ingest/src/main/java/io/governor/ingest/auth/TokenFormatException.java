package io.governor.ingest.auth;

/**
 * A token list that cannot be read: a malformed line, a token too short. The message names where
 * (file and line, or list entry) and never holds the token itself.
 */
public class TokenFormatException extends RuntimeException {

  public TokenFormatException(String message) {
    super(message);
  }

  public TokenFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

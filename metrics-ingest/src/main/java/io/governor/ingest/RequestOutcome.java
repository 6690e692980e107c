package io.governor.ingest;

import java.util.Locale;

/** What became of a write request, by its status; the tag on the request metric. */
public enum RequestOutcome {
  ACCEPTED,
  INVALID,
  UNAUTHORIZED,
  TOO_LARGE,
  UNSUPPORTED,
  OVERLOADED,
  UNAVAILABLE,
  FAILED;

  public static RequestOutcome of(int status) {
    if (status >= 200 && status < 300) {
      return ACCEPTED;
    }
    return switch (status) {
      case 401, 403 -> UNAUTHORIZED;
      case 413 -> TOO_LARGE;
      case 415 -> UNSUPPORTED;
      case 429 -> OVERLOADED;
      case 503 -> UNAVAILABLE;
      default -> status >= 400 && status < 500 ? INVALID : FAILED;
    };
  }

  /** The metric tag value, e.g. {@code too_large}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package io.governor.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bearer tokens metrics-ingest accepts, each with a name for the logs, and the decision on a
 * request's {@code Authorization} header.
 *
 * <p>A token list holds one entry per line (a file) or per item (a list from the environment):
 * {@code name:token} or a bare {@code token}, which is named after where it was read ({@code
 * file:3}). Blank lines and lines starting with {@code #} are skipped. A token is an RFC 6750
 * {@code b64token} of at least {@value #MIN_LENGTH} characters.
 *
 * <p>Only SHA-256 digests of the tokens are kept, and a presented token is compared with every one
 * of them by {@link MessageDigest#isEqual}: the time taken does not tell how much of a token was
 * right, nor which entry matched.
 */
public final class BearerTokens {

  /** Shortest token accepted: a guessable token is worse than none, as it looks safe. */
  public static final int MIN_LENGTH = 16;

  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,62}");
  private static final String BEARER = "Bearer ";

  private final List<Entry> entries;

  private record Entry(String name, byte[] digest) {}

  private BearerTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No token at all: every request is refused. */
  public static BearerTokens none() {
    return new BearerTokens(List.of());
  }

  /**
   * Reads a token file's text.
   *
   * @param origin where the text came from, for error messages and unnamed tokens ({@code file})
   * @throws TokenFormatException naming the line at fault
   */
  public static BearerTokens parse(String text, String origin) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        entries.add(entry(line, origin + ":" + (i + 1)));
      }
    }
    return new BearerTokens(entries);
  }

  /**
   * Reads a list of entries, as an environment variable holds them (comma-separated).
   *
   * @throws TokenFormatException naming the entry at fault
   */
  public static BearerTokens of(List<String> items, String origin) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i).strip();
      if (!item.isEmpty()) {
        entries.add(entry(item, origin + ":" + (i + 1)));
      }
    }
    return new BearerTokens(entries);
  }

  /** Both lists' tokens. */
  public BearerTokens and(BearerTokens other) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return new BearerTokens(all);
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The names of the tokens, in the order read; never the tokens. */
  public List<String> names() {
    return entries.stream().map(Entry::name).toList();
  }

  /**
   * Decides on a request by its {@code Authorization} header (RFC 6750: {@code Bearer <token>}, the
   * scheme in any case).
   *
   * @param authorization the header's value, null when absent
   */
  public AuthCheck check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return AuthCheck.refused(AuthCheck.Outcome.MISSING);
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return AuthCheck.refused(AuthCheck.Outcome.MALFORMED);
    }
    String presented = authorization.substring(BEARER.length()).strip();
    if (presented.isEmpty()) {
      return AuthCheck.refused(AuthCheck.Outcome.MALFORMED);
    }
    byte[] digest = sha256(presented);
    String match = null;
    // Every entry is compared, matched or not, so the time does not depend on which one matches.
    for (Entry entry : entries) {
      boolean equal = MessageDigest.isEqual(digest, entry.digest());
      if (equal && match == null) {
        match = entry.name();
      }
    }
    return match == null ? AuthCheck.refused(AuthCheck.Outcome.INVALID) : AuthCheck.accepted(match);
  }

  private static Entry entry(String text, String where) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? where : text.substring(0, colon).strip();
    String token = colon < 0 ? text : text.substring(colon + 1).strip();
    if (colon >= 0 && !NAME.matcher(name).matches()) {
      throw new TokenFormatException(
          where + ": the name before ':' must be letters, digits, '.', '_', '@' or '-'");
    }
    if (token.isEmpty()) {
      throw new TokenFormatException(where + ": the token is empty");
    }
    // The messages below never quote the token: they end up in logs.
    if (!B64TOKEN.matcher(token).matches()) {
      throw new TokenFormatException(
          where
              + ": the token holds characters a Bearer header cannot carry (allowed: letters,"
              + " digits, - . _ ~ + / and trailing =)");
    }
    if (token.length() < MIN_LENGTH) {
      throw new TokenFormatException(
          where
              + ": the token has "
              + token.length()
              + " characters, fewer than "
              + MIN_LENGTH
              + " (openssl rand -hex 32 makes a good one)");
    }
    return new Entry(name, sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

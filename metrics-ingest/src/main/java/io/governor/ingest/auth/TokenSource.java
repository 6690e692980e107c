package io.governor.ingest.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the tokens come from: a file (a mounted Kubernetes Secret, read again on {@link #reload()})
 * and a list from the environment (read once). The tokens in force change only to a list that was
 * read whole and holds at least one token; a file that is missing, unreadable, malformed or empty
 * leaves the previous tokens in force.
 */
public final class TokenSource {

  /** What a reload did. */
  public enum Status {
    UNCHANGED,
    CHANGED,
    FAILED
  }

  /**
   * @param tokens how many tokens are in force after it
   * @param problem why it failed; null otherwise
   */
  public record Reload(Status status, int tokens, String problem) {}

  private final Optional<Path> file;
  private final BearerTokens fromEnvironment;
  private volatile BearerTokens current = BearerTokens.none();
  private String lastText;

  /**
   * @param inline entries as {@link BearerTokens#of} reads them
   * @throws TokenFormatException when an inline entry is malformed
   */
  public TokenSource(Optional<Path> file, List<String> inline) {
    this.file = file;
    this.fromEnvironment = BearerTokens.of(inline, "tokens");
  }

  /**
   * Reads every source, for the start: a broken source stops the service rather than let it run
   * with fewer tokens than meant.
   *
   * @throws TokenFormatException when the file is missing, unreadable or malformed, or there is no
   *     token at all
   */
  public synchronized BearerTokens load() {
    BearerTokens tokens = fromEnvironment;
    if (file.isPresent()) {
      String text = read(file.get());
      tokens = tokens.and(BearerTokens.parse(text, file.get().getFileName().toString()));
      lastText = text;
    }
    if (tokens.isEmpty()) {
      throw new TokenFormatException(noToken());
    }
    current = tokens;
    return tokens;
  }

  /** Reads the file again; its new tokens are in force only when it reads whole and not empty. */
  public synchronized Reload reload() {
    if (file.isEmpty()) {
      return new Reload(Status.UNCHANGED, current.size(), null);
    }
    try {
      String text = read(file.get());
      if (text.equals(lastText)) {
        return new Reload(Status.UNCHANGED, current.size(), null);
      }
      BearerTokens tokens =
          fromEnvironment.and(BearerTokens.parse(text, file.get().getFileName().toString()));
      if (tokens.isEmpty()) {
        throw new TokenFormatException(noToken());
      }
      current = tokens;
      lastText = text;
      return new Reload(Status.CHANGED, tokens.size(), null);
    } catch (TokenFormatException e) {
      return new Reload(Status.FAILED, current.size(), e.getMessage());
    }
  }

  /** The tokens in force. */
  public BearerTokens current() {
    return current;
  }

  private String noToken() {
    return file.map(f -> f + " holds no token").orElse("no token is configured");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new TokenFormatException("cannot read " + file + ": " + e, e);
    }
  }
}

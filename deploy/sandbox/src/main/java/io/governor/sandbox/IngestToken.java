package io.governor.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bearer token of one run: made up at start, given to metrics-ingest by environment and to the
 * clients that write to it, never written to the repository.
 */
public final class IngestToken {

  /** The name ingest logs for requests with this token. */
  public static final String NAME = "local";

  static final String TOKENS_VARIABLE = "GOVERNOR_INGEST_AUTH_TOKENS";

  private final String value;

  private IngestToken(String value) {
    this.value = value;
  }

  /** 32 random bytes, hex: what {@code openssl rand -hex 32} makes. */
  public static IngestToken generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new IngestToken(HexFormat.of().formatHex(bytes));
  }

  public String value() {
    return value;
  }

  /** metrics-ingest's environment: this token, after any the caller's environment already names. */
  public Map<String, String> ingestEnv(Map<String, String> callerEnv) {
    String own = NAME + ":" + value;
    String given = callerEnv.get(TOKENS_VARIABLE);
    Map<String, String> env = new LinkedHashMap<>();
    env.put(TOKENS_VARIABLE, given == null || given.isBlank() ? own : given + "," + own);
    return env;
  }

  /** Writes the token where a person can read it for curl, readable by its owner only. */
  public Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    return Files.writeString(file, value + "\n");
  }

  @Override
  public String toString() {
    // Never the value: this object may end up in a log line.
    return "IngestToken[" + NAME + "]";
  }
}

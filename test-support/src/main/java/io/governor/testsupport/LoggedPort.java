package io.governor.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a server started on port 0 reports in its log. A port picked beforehand and handed to a
 * child process can be taken in between, e.g. as the local port of another process' connection to
 * Kafka, and the child then exits; a server that binds port 0 itself cannot lose that race.
 */
public final class LoggedPort {

  /** Quarkus' start-up line: {@code ... started in 1.797s. Listening on: http://0.0.0.0:34947}. */
  public static final Pattern QUARKUS = Pattern.compile("Listening on: https?://\\S+:(\\d+)");

  /** Prometheus' line: {@code msg="Listening on" address=127.0.0.1:33875}. */
  public static final Pattern PROMETHEUS =
      Pattern.compile("msg=\"?Listening on\"? address=\\S*:(\\d+)");

  private LoggedPort() {}

  /** The port of the first line of {@code log} that matches, or empty while there is none. */
  public static OptionalInt in(Path log, Pattern line) {
    String text;
    try {
      // Bytes, not readString: a stray non-UTF-8 byte must not hide the line.
      text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Not written yet.
      return OptionalInt.empty();
    }
    Matcher matcher = line.matcher(text);
    return matcher.find()
        ? OptionalInt.of(Integer.parseInt(matcher.group(1)))
        : OptionalInt.empty();
  }
}

package io.governor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void pingSetAndGetOverRawResp() throws IOException {
    try (RedisServer redis = RedisServer.start();
        Resp client = new Resp(redis.host(), redis.port())) {
      assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(client.call("PING")).isEqualTo("PONG");
      assertThat(client.call("SET", "governor:test", "héllo")).isEqualTo("OK");
      assertThat(client.call("GET", "governor:test")).isEqualTo("héllo");
      assertThat(client.call("GET", "governor:absent")).isNull();
      assertThat(client.call("CONFIG", "GET", "save")).isEqualTo("[save, ]");
    }
  }

  @Test
  void theSharedServerSurvivesCloseAndFeedsTheTestResource() throws IOException {
    RedisServer shared = RedisServer.shared();
    shared.close();

    assertThat(RedisServer.shared()).isSameAs(shared);
    RedisTestResource resource = new RedisTestResource();
    Map<String, String> config = resource.start();
    resource.stop();
    assertThat(config).containsExactly(Map.entry("quarkus.redis.hosts", shared.url()));
    try (Resp client = new Resp(shared.host(), shared.port())) {
      assertThat(client.call("INCR", "governor:counter")).isEqualTo("1");
    }
  }

  /** A minimal RESP2 client: enough for strings, integers, nulls, errors and flat arrays. */
  private static final class Resp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Resp(String host, int port) throws IOException {
      socket = new Socket(host, port);
      socket.setSoTimeout(5_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    String call(String... args) throws IOException {
      StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        command
            .append('$')
            .append(arg.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(arg)
            .append("\r\n");
      }
      out.write(command.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return reply();
    }

    private String reply() throws IOException {
      int type = in.read();
      String line = line();
      switch (type) {
        case '+':
        case ':':
          return line;
        case '-':
          throw new IllegalStateException("Redis error: " + line);
        case '$':
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length + 2);
          return new String(data, 0, length, StandardCharsets.UTF_8);
        case '*':
          int count = Integer.parseInt(line);
          StringBuilder items = new StringBuilder("[");
          for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ", ").append(reply());
          }
          return items.append(']').toString();
        default:
          throw new UncheckedIOException(new IOException("Unexpected RESP type " + type));
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != '\r') {
        if (c < 0) {
          throw new IOException("Connection closed");
        }
        line.append((char) c);
      }
      in.read();
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

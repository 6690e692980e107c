package io.governor.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Redis server (6.2, the binary shipped in {@code com.github.codemonstur:embedded-redis})
 * started as a child process on 127.0.0.1, with no Docker and no persistence ({@code save ""},
 * {@code appendonly no}, working directory in a temporary directory deleted by {@link #close()}).
 * Ready in about 0.2 s.
 */
public final class RedisServer implements AutoCloseable {

  /**
   * System property holding the URL of the JVM's shared server, so that every class loader of a
   * Quarkus test run finds the same one.
   */
  public static final String SHARED_URL_PROPERTY = "governor.testsupport.redis.url";

  private static final String HOST = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 3;
  private static final Object JVM_LOCK = "io.governor.testsupport.RedisServer.shared".intern();

  private static RedisServer shared;

  private final int port;
  private final redis.embedded.RedisServer server;
  private final Path directory;
  private final boolean sharedInstance;
  private boolean stopped;

  private RedisServer(
      int port, redis.embedded.RedisServer server, Path directory, boolean sharedInstance) {
    this.port = port;
    this.server = server;
    this.directory = directory;
    this.sharedInstance = sharedInstance;
  }

  /** Starts a server on a free port. */
  public static RedisServer start() {
    return start(0);
  }

  /** Starts a server on the given port of 127.0.0.1, or on a free port when {@code port} is 0. */
  public static RedisServer start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
    RuntimeException failure = null;
    int attempts = port == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
        return launch(port == 0 ? FreePorts.take() : port);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw failure;
  }

  /**
   * The JVM's shared server, started on the first call and stopped by a shutdown hook; {@link
   * #close()} on it does nothing, so test classes can reuse it.
   */
  public static synchronized RedisServer shared() {
    if (shared != null) {
      return shared;
    }
    synchronized (JVM_LOCK) {
      String running = System.getProperty(SHARED_URL_PROPERTY);
      if (running != null) {
        // Started from another class loader: its shutdown hook stops it.
        int port = Integer.parseInt(running.substring(running.lastIndexOf(':') + 1));
        shared = new RedisServer(port, null, null, true);
        return shared;
      }
      RedisServer started = start();
      RedisServer server = new RedisServer(started.port, started.server, started.directory, true);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "governor-redis-stop"));
      System.setProperty(SHARED_URL_PROPERTY, server.url());
      shared = server;
      return server;
    }
  }

  /** 127.0.0.1. */
  public String host() {
    return HOST;
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}, for instance for {@code quarkus.redis.hosts}. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  /**
   * Stops the server and deletes its directory. Does nothing on the {@link #shared()} server, which
   * a shutdown hook stops when the JVM exits.
   */
  @Override
  public void close() {
    if (!sharedInstance) {
      stop();
    }
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (server != null) {
        server.stop();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (directory != null) {
        KafkaBroker.deleteQuietly(directory);
      }
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + url() + (sharedInstance ? ", shared]" : "]");
  }

  private static RedisServer launch(int port) {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("governor-redis-");
      redis.embedded.RedisServer server =
          redis.embedded.RedisServer.newRedisServer()
              .bind(HOST)
              .port(port)
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("dir " + directory.toAbsolutePath())
              .build();
      server.start();
      return new RedisServer(port, server, directory, false);
    } catch (IOException e) {
      if (directory != null) {
        KafkaBroker.deleteQuietly(directory);
      }
      throw new UncheckedIOException("Cannot start Redis on port " + port, e);
    } catch (RuntimeException e) {
      if (directory != null) {
        KafkaBroker.deleteQuietly(directory);
      }
      throw e;
    }
  }
}

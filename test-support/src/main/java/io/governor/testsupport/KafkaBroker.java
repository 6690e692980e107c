package io.governor.testsupport;

import io.governor.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one node) running inside
 * the current JVM, with no Docker. Its version is the one of {@code kafka-clients} (4.1.2 from the
 * Quarkus BOM): a broker of another version beside that client fails.
 *
 * <p>Listeners are PLAINTEXT and CONTROLLER on 127.0.0.1; every replication factor and min ISR is
 * 1; the log directory is a temporary directory deleted by {@link #close()}. Ready in about 3 s,
 * about 160 MB of heap.
 *
 * <p>Kafka's own logging is lowered to WARN before the start: see {@link KafkaLogLevels} for the
 * lines a Quarkus test configuration needs.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *   kafka.createTopics(List.of("orders"), 3);
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  /**
   * System property holding the bootstrap servers of the JVM's shared broker. A system property
   * rather than only a static field: Quarkus tests may load this class in several class loaders,
   * and all of them must find the same broker.
   */
  public static final String SHARED_BOOTSTRAP_PROPERTY = "governor.testsupport.kafka.bootstrap";

  /** Partitions of each of {@link Topics#ALL} on the shared broker. */
  public static final int SHARED_PARTITIONS = 3;

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;
  private static final int FIXED_PORT_RETRY_SECONDS = 10;

  /**
   * Guards the shared broker across class loaders: an interned string is one object per JVM,
   * whichever class loader loaded this class.
   */
  private static final Object JVM_LOCK = "io.governor.testsupport.KafkaBroker.shared".intern();

  private static KafkaBroker shared;

  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private final Path directory;
  private final boolean sharedInstance;
  private boolean stopped;

  private KafkaBroker(
      String bootstrapServers, KafkaRaftServer server, Path directory, boolean sharedInstance) {
    this.bootstrapServers = bootstrapServers;
    this.server = server;
    this.directory = directory;
    this.sharedInstance = sharedInstance;
  }

  /** Starts a broker on a free port. */
  public static KafkaBroker start() {
    return start(0);
  }

  /**
   * Starts a broker whose PLAINTEXT listener is on the given port of 127.0.0.1, or on a free port
   * when {@code port} is 0. The controller listener always takes a free port.
   *
   * <p>A given port that is in use is tried again for up to {@value #FIXED_PORT_RETRY_SECONDS} s: a
   * test that starts its broker late has clients retrying that port meanwhile, and one of their
   * connections can hold it as its own local port for a moment.
   */
  public static KafkaBroker start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
    KafkaLogLevels.quiet();
    RuntimeException failure = null;
    int attempts = port == 0 ? PORT_ATTEMPTS : FIXED_PORT_RETRY_SECONDS * 2;
    for (int attempt = 0; attempt < attempts; attempt++) {
      if (port != 0 && attempt > 0) {
        pause(500);
      }
      int[] ports = FreePorts.take(port == 0 ? 2 : 1);
      int brokerPort = port == 0 ? ports[0] : port;
      int controllerPort = port == 0 ? ports[1] : ports[0];
      try {
        return launch(brokerPort, controllerPort);
      } catch (RuntimeException e) {
        failure = e;
        if (!causedByBind(e)) {
          throw e;
        }
      }
    }
    throw failure;
  }

  /**
   * The JVM's shared broker, started on the first call, on which every topic of {@link Topics#ALL}
   * exists with {@value #SHARED_PARTITIONS} partitions. A shutdown hook stops it; {@link #close()}
   * on it does nothing, so test classes can reuse it.
   */
  public static synchronized KafkaBroker shared() {
    if (shared != null) {
      return shared;
    }
    synchronized (JVM_LOCK) {
      String running = System.getProperty(SHARED_BOOTSTRAP_PROPERTY);
      if (running != null) {
        // Started from another class loader: its shutdown hook stops it.
        shared = new KafkaBroker(running, null, null, true);
        return shared;
      }
      KafkaBroker started = start();
      KafkaBroker broker =
          new KafkaBroker(started.bootstrapServers, started.server, started.directory, true);
      try {
        broker.createTopics(Topics.ALL, SHARED_PARTITIONS);
      } catch (RuntimeException e) {
        broker.stop();
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "governor-kafka-broker-stop"));
      System.setProperty(SHARED_BOOTSTRAP_PROPERTY, broker.bootstrapServers);
      shared = broker;
      return broker;
    }
  }

  /** {@code 127.0.0.1:<port>}, for the clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A new admin client of this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "governor-test-support-admin"));
  }

  /**
   * Creates the topics that do not exist yet, with the given number of partitions and replication
   * factor 1, and waits until every partition of each has a leader. Topics that already exist are
   * left as they are.
   */
  public void createTopics(Collection<String> names, int partitions) {
    Set<String> topics = new LinkedHashSet<>(names);
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      List<NewTopic> requests =
          topics.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
      for (Map.Entry<String, KafkaFuture<Void>> created :
          admin.createTopics(requests).values().entrySet()) {
        try {
          created.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topic " + created.getKey(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, topics, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics " + topics, e);
    }
  }

  /** The names of the topics on this broker, internal topics excluded. */
  public Set<String> topics() {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list topics", e);
    }
  }

  /**
   * Stops the broker and deletes its log directory. Does nothing on the {@link #shared()} broker,
   * which a shutdown hook stops when the JVM exits.
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
        server.shutdown();
        server.awaitShutdown();
      }
    } finally {
      if (directory != null) {
        deleteQuietly(directory);
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrapServers + (sharedInstance ? ", shared]" : "]");
  }

  private static KafkaBroker launch(int brokerPort, int controllerPort) {
    Path directory;
    try {
      directory = Files.createTempDirectory("governor-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaRaftServer server = null;
    try {
      Properties config = config(brokerPort, controllerPort, directory.resolve("logs"));
      format(config, directory);
      server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      server.startup();
      String bootstrapServers = HOST + ":" + brokerPort;
      awaitBroker(bootstrapServers);
      return new KafkaBroker(bootstrapServers, server, directory, false);
    } catch (RuntimeException | Error e) {
      if (server != null) {
        try {
          server.shutdown();
          server.awaitShutdown();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      deleteQuietly(directory);
      throw e;
    }
  }

  private static Properties config(int brokerPort, int controllerPort, Path logDir) {
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    config.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", logDir.toString());
    config.put("num.partitions", "1");
    config.put("default.replication.factor", "1");
    config.put("min.insync.replicas", "1");
    config.put("offsets.topic.replication.factor", "1");
    // Fewer partitions than the default 50: the first consumer group is ready sooner.
    config.put("offsets.topic.num.partitions", "5");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "5");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "true");
    config.put("delete.topic.enable", "true");
    return config;
  }

  /** Formats the log directory, as {@code kafka-storage.sh format} does. */
  private static void format(Properties config, Path directory) {
    Path file = directory.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      config.store(out, "governor test-support broker");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          StorageTool.execute(
              new String[] {
                "format", "--config", file.toString(), "--cluster-id", Uuid.randomUuid().toString()
              },
              print);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "kafka-storage format failed ("
              + exitCode
              + "): "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** The broker answers metadata requests once it is unfenced. */
  private static void awaitBroker(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Broker at " + bootstrapServers + " did not answer", e);
    }
  }

  private static void awaitLeaders(Admin admin, Set<String> topics, long deadline)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        boolean ready =
            descriptions.values().stream()
                .allMatch(
                    description ->
                        !description.partitions().isEmpty()
                            && description.partitions().stream()
                                .allMatch(partition -> partition.leader() != null));
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Cannot describe topics " + topics, e.getCause());
        }
      }
      if (remainingMillis(deadline) <= 0) {
        throw new TimeoutException("Topics " + topics + " have no leader yet");
      }
      Thread.sleep(50);
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a port", e);
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  static void deleteQuietly(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // Left for the OS's temp cleaner.
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // Already gone, or left for the OS's temp cleaner.
    }
  }
}

package io.governor.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the JVM's {@linkplain KafkaBroker#shared() shared Kafka broker}, on
 * which every topic of {@code Topics.ALL} exists.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(KafkaTestResource.class)
 * class PolicyEngineIT { ... }
 * }</pre>
 *
 * <p>Returns {@code kafka.bootstrap.servers} and, to keep the broker quiet once the application has
 * configured its logging, {@code quarkus.log.category."kafka"|"org.apache.kafka"|
 * "state.change.logger".level=WARN}. The level can be changed with the init argument {@value
 * #LOG_LEVEL_ARG}, for instance {@code @ResourceArg(name = "log-level", value = "INFO")}.
 *
 * <p>{@link #stop()} leaves the broker running for the next test class; a shutdown hook stops it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  /** Init argument: the level of Kafka's log categories, WARN by default. */
  public static final String LOG_LEVEL_ARG = "log-level";

  private String logLevel = "WARN";

  @Override
  public void init(Map<String, String> initArgs) {
    logLevel = initArgs.getOrDefault(LOG_LEVEL_ARG, logLevel);
  }

  @Override
  public Map<String, String> start() {
    KafkaBroker broker = KafkaBroker.shared();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("kafka.bootstrap.servers", broker.bootstrapServers());
    config.putAll(KafkaLogLevels.quarkusConfig(logLevel));
    return config;
  }

  @Override
  public void stop() {
    // The shared broker serves the next test class; its shutdown hook stops it.
  }
}

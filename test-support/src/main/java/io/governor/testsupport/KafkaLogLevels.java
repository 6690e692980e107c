package io.governor.testsupport;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the level of the Kafka broker's log categories. At INFO an in-process broker writes about
 * 2,000 lines per test run.
 *
 * <p>Kafka 4.1 logs through slf4j. With this module on the class path slf4j is bound to JBoss
 * LogManager ({@code slf4j-jboss-logmanager}, as in every Quarkus application), so the levels are
 * set on the JBoss log context, on {@code java.util.logging} (the same loggers when JBoss
 * LogManager is the JUL manager, as in Quarkus tests) and, when log4j-core happens to be the back
 * end, on log4j-core. {@link KafkaBroker#start()} calls {@link #quiet()} itself.
 *
 * <p>A Quarkus application configures its logging when it starts and may override these levels; put
 * the lines below in {@code src/test/resources/application.properties} (the {@link
 * KafkaTestResource} also passes them as configuration):
 *
 * <pre>
 * quarkus.log.category."kafka".level=WARN
 * quarkus.log.category."org.apache.kafka".level=WARN
 * quarkus.log.category."state.change.logger".level=WARN
 * </pre>
 *
 * <p>{@code org.apache.kafka} also covers the application's own Kafka clients (for instance the
 * {@code ConsumerConfig} dumps).
 */
public final class KafkaLogLevels {

  /** The categories the broker logs to. */
  public static final List<String> CATEGORIES =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  /** Strong references: JUL keeps loggers weakly, and a collected logger forgets its level. */
  private static final Map<String, Object> KEEP = new ConcurrentHashMap<>();

  private KafkaLogLevels() {}

  /** Sets {@link #CATEGORIES} to WARN. */
  public static void quiet() {
    set(Level.WARNING);
  }

  /**
   * Sets {@link #CATEGORIES} to the given JUL level ({@code WARNING} is log4j's and slf4j's WARN,
   * {@code INFO} is INFO, {@code FINE} is DEBUG).
   */
  public static void set(Level level) {
    for (String category : CATEGORIES) {
      Logger jul = Logger.getLogger(category);
      jul.setLevel(level);
      KEEP.put("jul:" + category, jul);
      setJboss(category, level);
      setLog4jCore(category, level);
    }
  }

  /**
   * The Quarkus configuration lines for {@link #CATEGORIES} at the given level name ({@code WARN},
   * {@code INFO}, {@code DEBUG}...).
   */
  public static Map<String, String> quarkusConfig(String level) {
    Map<String, String> config = new java.util.LinkedHashMap<>();
    for (String category : CATEGORIES) {
      config.put("quarkus.log.category.\"" + category + "\".level", level);
    }
    return config;
  }

  private static void setJboss(String category, Level level) {
    try {
      Class<?> contextClass = Class.forName("org.jboss.logmanager.LogContext");
      Object context = contextClass.getMethod("getLogContext").invoke(null);
      Object logger = contextClass.getMethod("getLogger", String.class).invoke(context, category);
      logger.getClass().getMethod("setLevel", Level.class).invoke(logger, level);
      KEEP.put("jboss:" + category, logger);
    } catch (ClassNotFoundException absent) {
      // JBoss LogManager is not on the class path: nothing to do.
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Best effort: a logging back end that refuses does not stop the broker.
    }
  }

  private static void setLog4jCore(String category, Level level) {
    try {
      Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level");
      Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
      Object log4jLevel =
          levelClass.getMethod("toLevel", String.class).invoke(null, log4jName(level));
      Method setLevel = configurator.getMethod("setLevel", String.class, levelClass);
      setLevel.invoke(null, category, log4jLevel);
    } catch (ClassNotFoundException absent) {
      // log4j-core is not on the class path (the usual case): nothing to do.
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Best effort.
    }
  }

  private static String log4jName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    } else if (value >= Level.WARNING.intValue()) {
      return "WARN";
    } else if (value >= Level.INFO.intValue()) {
      return "INFO";
    } else if (value >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }
}

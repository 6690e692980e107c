package io.governor.testsupport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the "Configuration reference" of {@code docs/operations.md} honest: every key of a
 * service's {@code @ConfigMapping} has a table row there ({@code | `key` | `ENV_VAR` | `default` |
 * ...}) with its environment variable and its default, and no row names a key of that prefix that
 * the mapping does not have.
 */
public final class ConfigReference {

  /** The guide, as seen from a service module's directory (where surefire runs). */
  public static final Path OPERATIONS_GUIDE = Path.of("../docs/operations.md");

  static final String SECTION = "## Configuration reference";

  /** One key of a mapping: its property name, environment variable and default, if any. */
  public record Key(String name, String environmentVariable, Optional<String> defaultValue) {}

  private ConfigReference() {}

  /** What is wrong with {@link #OPERATIONS_GUIDE}'s reference of {@code mapping}; empty if none. */
  public static List<String> problems(Class<?> mapping) {
    try {
      return problems(mapping, Files.readString(OPERATIONS_GUIDE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPERATIONS_GUIDE.toAbsolutePath(), e);
    }
  }

  /** What is wrong with {@code guide}'s reference of {@code mapping}; empty if none. */
  public static List<String> problems(Class<?> mapping, String guide) {
    String prefix = prefixOf(mapping);
    Map<String, String[]> rows = rows(section(guide));
    List<String> problems = new ArrayList<>();
    List<Key> keys = keys(mapping);
    for (Key key : keys) {
      String[] cells = rows.get(key.name());
      if (cells == null) {
        problems.add(key.name() + " has no row in " + SECTION);
        continue;
      }
      String variable = "`" + key.environmentVariable() + "`";
      if (cells.length < 4 || !cells[2].trim().equals(variable)) {
        problems.add(key.name() + ": its environment variable is " + variable);
      } else if (key.defaultValue().isPresent()
          && !cells[3].contains("`" + key.defaultValue().get() + "`")) {
        problems.add(key.name() + ": its default is `" + key.defaultValue().get() + "`");
      } else if (key.defaultValue().isEmpty() && !cells[3].trim().startsWith("not set")) {
        // A default the code does not have would be believed: the cell says what unset means.
        problems.add(key.name() + ": it has no default, so its cell starts with \"not set\"");
      }
    }
    for (String documented : rows.keySet()) {
      if (documented.startsWith(prefix + ".")
          && keys.stream().noneMatch(key -> key.name().equals(documented))) {
        problems.add(documented + " is documented but is not a key of " + mapping.getName());
      }
    }
    return problems;
  }

  /** Every key of a {@code @ConfigMapping} interface, nested groups included, by name. */
  public static List<Key> keys(Class<?> mapping) {
    List<Key> keys = new ArrayList<>();
    collect(mapping, prefixOf(mapping), keys);
    keys.sort(Comparator.comparing(Key::name));
    return keys;
  }

  /**
   * Quarkus' rule: upper case, every character other than a letter or a digit becomes {@code _}.
   */
  public static String environmentVariable(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String prefixOf(Class<?> mapping) {
    ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
    if (annotation == null) {
      throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
    }
    return annotation.prefix();
  }

  private static void collect(Class<?> group, String prefix, List<Key> keys) {
    Method[] methods = group.getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method method : methods) {
      if (method.isDefault()
          || method.isSynthetic()
          || Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() > 0) {
        continue;
      }
      WithName named = method.getAnnotation(WithName.class);
      String name = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
      Class<?> type = method.getReturnType();
      if (type.isInterface() && !type.getName().startsWith("java.")) {
        collect(type, name, keys);
      } else {
        WithDefault value = method.getAnnotation(WithDefault.class);
        keys.add(
            new Key(
                name,
                environmentVariable(name),
                Optional.ofNullable(value).map(WithDefault::value)));
      }
    }
  }

  /** SmallRye Config's default naming: {@code maxInFlightRequests} is max-in-flight-requests. */
  static String kebab(String method) {
    return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static String section(String guide) {
    int start = guide.indexOf("\n" + SECTION + "\n");
    if (start < 0) {
      throw new AssertionError("docs/operations.md has no section '" + SECTION + "'");
    }
    int end = guide.indexOf("\n## ", start + SECTION.length() + 1);
    return end < 0 ? guide.substring(start) : guide.substring(start, end);
  }

  /** Table rows whose first cell is a key in backticks, by that key; cells split on {@code |}. */
  private static Map<String, String[]> rows(String section) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        String first = cells[1].trim();
        if (first.length() > 2
            && first.endsWith("`")
            && first.indexOf('`', 1) == first.length() - 1) {
          rows.put(first.substring(1, first.length() - 1), cells);
        }
      }
    }
    return rows;
  }
}

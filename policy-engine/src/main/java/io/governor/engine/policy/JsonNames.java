package io.governor.engine.policy;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an enum from the name it has in JSON, with an error that lists the names it accepts. */
final class JsonNames {

  private JsonNames() {}

  static <E extends Enum<E>> E find(
      E[] values, Function<E, String> json, String field, String value) {
    return Arrays.stream(values)
        .filter(candidate -> json.apply(candidate).equalsIgnoreCase(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    field
                        + " '"
                        + value
                        + "' is not one of "
                        + Arrays.stream(values).map(json).collect(Collectors.joining(", "))));
  }
}

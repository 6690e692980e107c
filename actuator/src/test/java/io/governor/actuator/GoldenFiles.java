package io.governor.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden-file cases under {@code src/test/resources/golden/<action>/<case>/}: live objects as YAML
 * and the decision in, the expected plan (with the exact patch) out.
 *
 * <p>To review a changed plan, run with {@code -Dgolden.update=true}; the expected files are
 * rewritten and the diff shows what changed.
 */
public final class GoldenFiles {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = EventCodec.mapper();

  private GoldenFiles() {}

  /** The case directories of one action, by name. */
  public static Stream<Path> cases(String action) throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN.resolve(action))) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  public static Decision decision(Path dir) throws IOException {
    return JSON.readValue(dir.resolve("decision.json").toFile(), Decision.class);
  }

  public static JsonNode read(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  /** Every document of a multi-document YAML file; none when the file is absent. */
  public static List<JsonNode> readAll(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(node -> node != null && !node.isMissingNode() && !node.isNull())
          .toList();
    }
  }

  /** Compares a plan with {@code expected.json} in the case's directory. */
  public static void assertMatches(Object plan, Path dir) throws IOException {
    JsonNode actual = JSON.valueToTree(plan);
    Path expectedFile = dir.resolve("expected.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(
          expectedFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    assertThat(expectedFile).as("golden file; create it with -Dgolden.update=true").exists();
    assertThat(actual).isEqualTo(JSON.readTree(expectedFile.toFile()));
  }
}

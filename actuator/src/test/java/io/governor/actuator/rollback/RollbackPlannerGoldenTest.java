package io.governor.actuator.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.governor.contracts.Decision;
import io.governor.contracts.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the actuator would send, checked against golden files: the live Deployment and ReplicaSets
 * as YAML and the decision in, the expected plan and JSON patch out.
 *
 * <p>To review a changed plan, run with {@code -Dgolden.update=true}; the expected files are
 * rewritten and the diff shows what changed.
 */
class RollbackPlannerGoldenTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = EventCodec.mapper();

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs
          .filter(Files::isDirectory)
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void planMatchesTheGoldenFile(String name) throws IOException {
    // Given
    Path dir = GOLDEN.resolve(name);
    JsonNode deployment = YAML.readTree(dir.resolve("deployment.yaml").toFile());
    List<JsonNode> replicaSets = readAll(dir.resolve("replicasets.yaml"));
    Decision decision = JSON.readValue(dir.resolve("decision.json").toFile(), Decision.class);

    // When
    RollbackPlan plan = RollbackPlanner.plan(decision, deployment, replicaSets);

    // Then
    ObjectNode actual = JSON.valueToTree(plan);
    Path expectedFile = dir.resolve("expected.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(
          expectedFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    assertThat(expectedFile).as("golden file; create it with -Dgolden.update=true").exists();
    assertThat(actual).isEqualTo(JSON.readTree(expectedFile.toFile()));
  }

  private static List<JsonNode> readAll(Path file) throws IOException {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(node -> node != null && !node.isMissingNode() && !node.isNull())
          .toList();
    }
  }
}

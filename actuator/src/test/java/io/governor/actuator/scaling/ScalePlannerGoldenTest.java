package io.governor.actuator.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.actuator.GoldenFiles;
import io.governor.contracts.Decision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the actuator would send for a scale, checked against golden files in {@code golden/scale/}:
 * the live workload and the namespace's HorizontalPodAutoscalers ({@code autoscalers.yaml}, may be
 * absent) as YAML and the decision in, the expected plan and its patch out (see {@link
 * GoldenFiles}).
 */
class ScalePlannerGoldenTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases("scale");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planMatchesTheGoldenFile(Path dir) throws IOException {
    // Given
    JsonNode workload = GoldenFiles.read(dir.resolve("workload.yaml"));
    List<JsonNode> autoscalers = GoldenFiles.readAll(dir.resolve("autoscalers.yaml"));
    Decision decision = GoldenFiles.decision(dir);

    // When
    ScalePlan plan = ScalePlanner.plan(decision, workload, autoscalers);

    // Then
    GoldenFiles.assertMatches(plan, dir);
  }
}

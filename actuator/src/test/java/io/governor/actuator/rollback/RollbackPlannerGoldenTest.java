package io.governor.actuator.rollback;

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
 * What the actuator would send for a rollback, checked against golden files in {@code
 * golden/rollback/}: the live Deployment and ReplicaSets as YAML and the decision in, the expected
 * plan and JSON patch out (see {@link GoldenFiles}).
 */
class RollbackPlannerGoldenTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases("rollback");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planMatchesTheGoldenFile(Path dir) throws IOException {
    // Given
    JsonNode deployment = GoldenFiles.read(dir.resolve("deployment.yaml"));
    List<JsonNode> replicaSets = GoldenFiles.readAll(dir.resolve("replicasets.yaml"));
    Decision decision = GoldenFiles.decision(dir);

    // When
    RollbackPlan plan = RollbackPlanner.plan(decision, deployment, replicaSets);

    // Then
    GoldenFiles.assertMatches(plan, dir);
  }
}

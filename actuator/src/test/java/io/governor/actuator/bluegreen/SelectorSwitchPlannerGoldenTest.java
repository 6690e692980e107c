package io.governor.actuator.bluegreen;

import com.fasterxml.jackson.databind.JsonNode;
import io.governor.actuator.GoldenFiles;
import io.governor.actuator.rollback.RollbackPlan;
import io.governor.contracts.Decision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the actuator would send to roll back a blue-green Service, checked against golden files in
 * {@code golden/bluegreen/}: the live Service and the Deployments of its namespace as YAML and the
 * decision in, the expected plan and JSON patch out (see {@link GoldenFiles}).
 */
class SelectorSwitchPlannerGoldenTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases("bluegreen");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planMatchesTheGoldenFile(Path dir) throws IOException {
    // Given
    JsonNode service = GoldenFiles.read(dir.resolve("service.yaml"));
    List<JsonNode> deployments = GoldenFiles.readAll(dir.resolve("deployments.yaml"));
    Decision decision = GoldenFiles.decision(dir);

    // When
    RollbackPlan plan = SelectorSwitchPlanner.plan(decision, service, deployments);

    // Then
    GoldenFiles.assertMatches(plan, dir);
  }
}

package io.governor.ingest;

import io.governor.testsupport.JudgementBoundary;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  @Test
  void plainPackagesImportNoFrameworkKafkaRedisOrKubernetesTypes() {
    JudgementBoundary.check("io.governor.ingest");
  }
}

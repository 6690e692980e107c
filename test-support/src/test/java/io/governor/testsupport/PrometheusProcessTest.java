package io.governor.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusProcessTest {

  @Test
  void withoutPrometheusTheTestsFailSayingHowToInstallIt(@TempDir Path empty) {
    assertThatThrownBy(() -> PrometheusProcess.binary(empty.toString()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("apt-get install -y prometheus");
  }
}

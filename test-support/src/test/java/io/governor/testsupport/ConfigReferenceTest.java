package io.governor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

  @ConfigMapping(prefix = "governor.sample")
  interface SampleConfig {

    @WithDefault("PT10M")
    Duration decisionTtl();

    Optional<List<String>> namespaces();

    @WithName("notify")
    Notification notification();

    interface Notification {

      @WithDefault("APPLIED,FAILED")
      List<String> outcomes();
    }
  }

  private static final String GUIDE =
      """
      # Operations

      ## Configuration reference

      | property | environment variable | default | meaning |
      |---|---|---|---|
      | `governor.sample.decision-ttl` | `GOVERNOR_SAMPLE_DECISION_TTL` | `PT10M` | how long |
      | `governor.sample.namespaces` | `GOVERNOR_SAMPLE_NAMESPACES` | not set: all | which |
      | `governor.sample.notify.outcomes` | `GOVERNOR_SAMPLE_NOTIFY_OUTCOMES` | `APPLIED,FAILED` | sent |
      | `kafka.bootstrap.servers` | `KAFKA_BOOTSTRAP_SERVERS` | `localhost:9092` | brokers |

      ## Next
      | `governor.sample.elsewhere` | `GOVERNOR_SAMPLE_ELSEWHERE` | | not in the section |
      """;

  @Test
  void readsEveryKeyWithItsNameVariableAndDefault() {
    assertThat(ConfigReference.keys(SampleConfig.class))
        .containsExactly(
            new ConfigReference.Key(
                "governor.sample.decision-ttl",
                "GOVERNOR_SAMPLE_DECISION_TTL",
                Optional.of("PT10M")),
            new ConfigReference.Key(
                "governor.sample.namespaces", "GOVERNOR_SAMPLE_NAMESPACES", Optional.empty()),
            new ConfigReference.Key(
                "governor.sample.notify.outcomes",
                "GOVERNOR_SAMPLE_NOTIFY_OUTCOMES",
                Optional.of("APPLIED,FAILED")));
  }

  @Test
  void aCompleteReferenceHasNoProblem() {
    assertThat(ConfigReference.problems(SampleConfig.class, GUIDE)).isEmpty();
  }

  @Test
  void aMissingKeyIsAProblem() {
    String guide = GUIDE.replaceAll("(?m)^\\| `governor.sample.namespaces`.*\\n", "");

    assertThat(ConfigReference.problems(SampleConfig.class, guide))
        .containsExactly("governor.sample.namespaces has no row in ## Configuration reference");
  }

  @Test
  void aWrongVariableOrDefaultIsAProblem() {
    String guide =
        GUIDE
            .replace("`GOVERNOR_SAMPLE_NAMESPACES`", "`GOVERNOR_SAMPLE_NAMESPACE`")
            .replace("`PT10M`", "`PT5M`");

    assertThat(ConfigReference.problems(SampleConfig.class, guide))
        .containsExactlyInAnyOrder(
            "governor.sample.decision-ttl: its default is `PT10M`",
            "governor.sample.namespaces: its environment variable is `GOVERNOR_SAMPLE_NAMESPACES`");
  }

  @Test
  void aDefaultTheCodeDoesNotHaveIsAProblem() {
    // Given a guide that gives namespaces, which has no default, one
    String guide = GUIDE.replace("not set: all", "`default`");

    // Then the reader is not left believing it
    assertThat(ConfigReference.problems(SampleConfig.class, guide))
        .containsExactly(
            "governor.sample.namespaces: it has no default, so its cell starts with \"not set\"");
  }

  @Test
  void aDocumentedKeyTheMappingLacksIsAProblem() {
    String guide =
        GUIDE.replace(
            "| `kafka",
            "| `governor.sample.gone` | `GOVERNOR_SAMPLE_GONE` | `1` | removed |\n| `kafka");

    assertThat(ConfigReference.problems(SampleConfig.class, guide))
        .containsExactly(
            "governor.sample.gone is documented but is not a key of "
                + SampleConfig.class.getName());
  }

  @Test
  void kebabCaseAsSmallRyeConfigNamesKeys() {
    assertThat(ConfigReference.kebab("maxInFlightRequests")).isEqualTo("max-in-flight-requests");
    assertThat(ConfigReference.kebab("decisionTtl")).isEqualTo("decision-ttl");
    assertThat(ConfigReference.environmentVariable("governor.ingest.remote-write.max-batch-bytes"))
        .isEqualTo("GOVERNOR_INGEST_REMOTE_WRITE_MAX_BATCH_BYTES");
  }
}

package io.governor.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadIdTest {

  @Test
  void parsesAndPrintsTheKafkaKey() {
    WorkloadId id = WorkloadId.parse("shop/Deployment/checkout");

    assertThat(id.namespace()).isEqualTo("shop");
    assertThat(id.kind()).isEqualTo("Deployment");
    assertThat(id.name()).isEqualTo("checkout");
    assertThat(id.key()).isEqualTo("shop/Deployment/checkout");
  }

  @Test
  void rejectsNamesKubernetesWouldReject() {
    assertThatThrownBy(() -> WorkloadId.parse("Shop/Deployment/checkout"))
        .hasMessageContaining("namespace 'Shop'");
    assertThatThrownBy(() -> WorkloadId.parse("shop/deployment/checkout"))
        .hasMessageContaining("kind 'deployment'");
    assertThatThrownBy(() -> WorkloadId.parse("shop/Deployment/check_out"))
        .hasMessageContaining("name 'check_out'");
    assertThatThrownBy(() -> WorkloadId.parse("shop/checkout"))
        .hasMessageContaining("namespace/kind/name");
  }

  @Test
  void theSameCauseYieldsTheSameDecisionId() {
    WorkloadId id = WorkloadId.parse("shop/Deployment/checkout");

    String first = DecisionIds.of(DecisionType.ROLLBACK, id, "2", "error-rate", "t0");
    String again = DecisionIds.of(DecisionType.ROLLBACK, id, "2", "error-rate", "t0");
    String otherRevision = DecisionIds.of(DecisionType.ROLLBACK, id, "3", "error-rate", "t0");

    assertThat(first).isEqualTo(again).isNotEqualTo(otherRevision);
  }
}

package io.governor.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SandboxKubernetesTest {

  @Test
  void anyFreePortIsReportedAsALoopbackUrl() {
    // Given / When
    try (SandboxKubernetes sandbox = SandboxKubernetes.start(0)) {
      // Then
      assertThat(sandbox.url()).matches("http://127\\.0\\.0\\.1:\\d+");
    }
  }

  @Test
  void anIndependentClientSeesWhatTheSandboxClientWrote() throws IOException {
    // Given a sandbox on a chosen port
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (SandboxKubernetes sandbox = SandboxKubernetes.start(port);
        KubernetesClient other = SandboxKubernetes.clientFor(sandbox.url())) {
      // When
      new DemoWorkload(sandbox.client()).seed();

      // Then
      assertThat(sandbox.url()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(other.apps().deployments().inNamespace(DemoWorkload.NAMESPACE).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .containsExactly(DemoWorkload.NAME);
      assertThat(other.getKubernetesVersion()).isNotNull();
    }
  }
}

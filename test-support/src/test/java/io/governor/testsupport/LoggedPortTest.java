package io.governor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggedPortTest {

  @Test
  void readsThePortQuarkusSaysItListensOn(@TempDir Path dir) throws Exception {
    // Given the start-up lines of a Governor service started with QUARKUS_HTTP_PORT=0
    Path log =
        Files.writeString(
            dir.resolve("scheduler.log"),
            """
            2026-11-27 18:57:47,512 INFO  [io.gov.sch.lea.kub.SchedulerLeaderElection] (main) \
            leader election off
            2026-11-27 18:57:48,022 INFO  [io.quarkus] (main) scheduler 0.1.0-SNAPSHOT on JVM \
            (powered by Quarkus 3.33.2) started in 1.797s. Listening on: http://0.0.0.0:34947
            """);

    // When / Then
    assertThat(LoggedPort.in(log, LoggedPort.QUARKUS)).hasValue(34947);
  }

  @Test
  void readsTheAddressPrometheusListensOnNotTheOneItWasGiven(@TempDir Path dir) throws Exception {
    // Given Prometheus 2.42's lines for --web.listen-address=127.0.0.1:0
    Path log =
        Files.writeString(
            dir.resolve("prometheus.log"),
            """
            ts=2026-11-27T18:58:30.293Z caller=web.go:503 level=info component=web \
            msg="Start listening for connections" address=127.0.0.1:0
            ts=2026-11-27T18:58:30.296Z caller=tls_config.go:232 level=info component=web \
            msg="Listening on" address=127.0.0.1:33875
            """);

    // When / Then
    assertThat(LoggedPort.in(log, LoggedPort.PROMETHEUS)).hasValue(33875);
  }

  @Test
  void saysNothingBeforeTheServerListensOrBeforeItsLogExists(@TempDir Path dir) throws Exception {
    // Given a log still in start-up, and one not written yet
    Path starting =
        Files.writeString(
            dir.resolve("starting.log"),
            "2026-11-27 18:57:46,001 INFO  [io.quarkus] (main) Loading profile prod\n");

    // When / Then
    assertThat(LoggedPort.in(starting, LoggedPort.QUARKUS)).isEmpty();
    assertThat(LoggedPort.in(dir.resolve("absent.log"), LoggedPort.QUARKUS)).isEmpty();
  }
}

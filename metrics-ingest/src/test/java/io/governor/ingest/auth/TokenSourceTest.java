package io.governor.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

  private static final String FIRST = "first-token-0123456789";
  private static final String SECOND = "second-token-0123456789";
  private static final String LOCAL = "local-token-0123456789";

  @TempDir Path dir;

  @Test
  void aChangedFileIsInForceAfterTheNextReload() throws Exception {
    Path file = Files.writeString(dir.resolve("tokens"), "ci:" + FIRST + "\n");
    TokenSource source = new TokenSource(Optional.of(file), List.of());
    source.load();
    assertThat(source.reload().status()).isEqualTo(TokenSource.Status.UNCHANGED);

    Files.writeString(file, "ci:" + SECOND + "\n");
    TokenSource.Reload reload = source.reload();

    assertThat(reload.status()).isEqualTo(TokenSource.Status.CHANGED);
    assertThat(reload.tokens()).isEqualTo(1);
    assertThat(source.current().check("Bearer " + SECOND).isAccepted()).isTrue();
    assertThat(source.current().check("Bearer " + FIRST).isAccepted()).isFalse();
  }

  @Test
  void aBrokenMissingOrEmptiedFileLeavesTheTokensInForce() throws Exception {
    Path file = Files.writeString(dir.resolve("tokens"), "ci:" + FIRST + "\n");
    TokenSource source = new TokenSource(Optional.of(file), List.of());
    source.load();

    Files.writeString(file, "ci:short\n");
    assertThat(source.reload())
        .satisfies(r -> assertThat(r.status()).isEqualTo(TokenSource.Status.FAILED))
        .satisfies(r -> assertThat(r.problem()).contains("tokens:1"));
    Files.writeString(file, "# nothing left\n");
    assertThat(source.reload().status()).isEqualTo(TokenSource.Status.FAILED);
    Files.delete(file);
    assertThat(source.reload().status()).isEqualTo(TokenSource.Status.FAILED);

    assertThat(source.current().check("Bearer " + FIRST).isAccepted()).isTrue();
  }

  @Test
  void environmentTokensAddToTheFileAndSurviveItsReloads() throws Exception {
    Path file = Files.writeString(dir.resolve("tokens"), FIRST);
    TokenSource source = new TokenSource(Optional.of(file), List.of("local:" + LOCAL));
    assertThat(source.load().names()).containsExactly("local", "tokens:1");

    Files.writeString(file, SECOND);
    source.reload();

    assertThat(source.current().check("Bearer " + LOCAL).client()).isEqualTo("local");
    assertThat(source.current().check("Bearer " + SECOND).isAccepted()).isTrue();
  }

  @Test
  void theStartFailsOnAMissingFileOrNoTokenAtAll() {
    assertThatThrownBy(() -> new TokenSource(Optional.of(dir.resolve("absent")), List.of()).load())
        .isInstanceOf(TokenFormatException.class)
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> new TokenSource(Optional.empty(), List.of()).load())
        .isInstanceOf(TokenFormatException.class)
        .hasMessageContaining("no token");
  }
}

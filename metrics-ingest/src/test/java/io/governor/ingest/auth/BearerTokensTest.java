package io.governor.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

  private static final String CI = "ci-pipeline-token-4f1c2a";
  private static final String PROMETHEUS = "prometheus-token-93be77d0";

  private final BearerTokens tokens =
      BearerTokens.parse(
          """
          # governor-ingest-tokens: one per line
          ci:%s

            prometheus : %s
          %s-unnamed
          """
              .formatted(CI, PROMETHEUS, CI),
          "tokens");

  @Test
  void aKnownTokenIsAcceptedUnderItsName() {
    assertThat(tokens.check("Bearer " + CI)).isEqualTo(AuthCheck.accepted("ci"));
    assertThat(tokens.check("Bearer " + PROMETHEUS)).isEqualTo(AuthCheck.accepted("prometheus"));
  }

  @Test
  void anUnnamedTokenIsNamedAfterItsLine() {
    assertThat(tokens.names()).containsExactly("ci", "prometheus", "tokens:5");
    assertThat(tokens.check("Bearer " + CI + "-unnamed").client()).isEqualTo("tokens:5");
  }

  @Test
  void theSchemeIsCaseInsensitiveAsRfc6750Says() {
    assertThat(tokens.check("bearer " + CI).isAccepted()).isTrue();
    assertThat(tokens.check("BEARER " + CI).isAccepted()).isTrue();
  }

  @Test
  void noHeaderAnotherSchemeAndAnUnknownTokenAreRefusedEachForItsReason() {
    assertThat(tokens.check(null).outcome()).isEqualTo(AuthCheck.Outcome.MISSING);
    assertThat(tokens.check(" ").outcome()).isEqualTo(AuthCheck.Outcome.MISSING);
    assertThat(tokens.check("Basic dXNlcjpwYXNz").outcome()).isEqualTo(AuthCheck.Outcome.MALFORMED);
    assertThat(tokens.check("Bearer ").outcome()).isEqualTo(AuthCheck.Outcome.MALFORMED);
    assertThat(tokens.check(CI).outcome()).isEqualTo(AuthCheck.Outcome.MALFORMED);
    assertThat(tokens.check("Bearer " + CI + "x").outcome()).isEqualTo(AuthCheck.Outcome.INVALID);
    assertThat(tokens.check("Bearer " + CI.substring(1)).outcome())
        .isEqualTo(AuthCheck.Outcome.INVALID);
  }

  @Test
  void noTokensRefuseEverything() {
    assertThat(BearerTokens.none().check("Bearer " + CI).outcome())
        .isEqualTo(AuthCheck.Outcome.INVALID);
  }

  @Test
  void aListFromTheEnvironmentReadsLikeTheFile() {
    BearerTokens fromEnv = BearerTokens.of(List.of("local:" + CI, " " + PROMETHEUS, ""), "env");
    assertThat(fromEnv.names()).containsExactly("local", "env:2");
    assertThat(fromEnv.and(tokens).size()).isEqualTo(5);
  }

  @Test
  void aShortTokenIsRefusedNamingTheLineButNotTheToken() {
    assertThatThrownBy(() -> BearerTokens.parse("ok:" + CI + "\nshort:abc123", "tokens"))
        .isInstanceOf(TokenFormatException.class)
        .hasMessageContaining("tokens:2")
        .hasMessageContaining("fewer than 16")
        .hasMessageNotContaining("abc123");
  }

  @Test
  void aTokenWithCharactersABearerHeaderCannotCarryIsRefused() {
    assertThatThrownBy(() -> BearerTokens.of(List.of("ci:secret token with spaces"), "env"))
        .isInstanceOf(TokenFormatException.class)
        .hasMessageContaining("env:1")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> BearerTokens.of(List.of("ci:"), "env")).hasMessageContaining("empty");
    assertThatThrownBy(() -> BearerTokens.of(List.of("bad name:" + CI), "env"))
        .hasMessageContaining("name");
  }
}

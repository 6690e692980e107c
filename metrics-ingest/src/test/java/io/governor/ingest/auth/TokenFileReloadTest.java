package io.governor.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.governor.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens from a mounted Secret: a rotation in the file takes effect without a restart. */
@QuarkusTest
@TestProfile(TokenFileReloadTest.SecretFile.class)
@WithTestResource(KafkaTestResource.class)
class TokenFileReloadTest {

  private static final String OLD = "ci-token-before-rotation-1";
  private static final String NEW = "ci-token-after-rotation-22";

  /** A token file, as a Secret mounts it, read again every 200 ms. */
  public static class SecretFile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "governor.ingest.auth.tokens-file", tokensFile().toString(),
          "governor.ingest.auth.tokens", "",
          "governor.ingest.auth.reload-interval", "200ms");
    }
  }

  /** One file per JVM; a system property, as the profile and the test may not share a loader. */
  static synchronized Path tokensFile() {
    String path = System.getProperty("governor.test.tokens-file");
    if (path != null) {
      return Path.of(path);
    }
    try {
      Path file = Files.createTempFile("governor-ingest-tokens", "");
      Files.writeString(file, "# mounted from Secret governor-ingest-tokens\nci:" + OLD + "\n");
      file.toFile().deleteOnExit();
      System.setProperty("governor.test.tokens-file", file.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aRotatedTokenIsAcceptedAndTheOldOneRefusedWithoutARestart() throws IOException {
    assertStatus(OLD, 202);
    assertStatus(NEW, 401);

    Files.writeString(tokensFile(), "ci:" + NEW + "\n");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertStatus(NEW, 202));
    assertStatus(OLD, 401);
  }

  @Test
  void aBrokenFileLeavesTheTokensInForce() throws Exception {
    String inForce = Files.readString(tokensFile()).contains(NEW) ? NEW : OLD;
    try {
      Files.writeString(tokensFile(), "ci:too-short\n");
      Thread.sleep(600);
      assertStatus(inForce, 202);
    } finally {
      Files.writeString(tokensFile(), "ci:" + inForce + "\n");
    }
  }

  private static void assertStatus(String token, int status) {
    given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"workload": "shop/Deployment/rotated", "kind": "ROLLOUT_COMPLETE", "revision": "2"}
            """)
        .post("/v1/deployments")
        .then()
        .statusCode(status);
  }
}

package io.governor.ingest;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests with the token the test profile accepts ({@code %test.governor.ingest.auth.tokens}). */
public final class Authorized {

  public static final String TOKEN = "governor-test-token-0001";

  private Authorized() {}

  /** {@code given()} with {@code Authorization: Bearer <the tests' token>}. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
  }
}

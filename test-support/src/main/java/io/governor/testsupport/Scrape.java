package io.governor.testsupport;

import static io.restassured.RestAssured.given;

/** Reads series from the Prometheus scrape of the service under a {@code @QuarkusTest}. */
public final class Scrape {

  private Scrape() {}

  /**
   * The value of one series, named with its labels as Prometheus writes them; 0 when it is not
   * there, as Prometheus' increase() takes a series that appears.
   */
  public static double value(String series) {
    return given()
        .get("/q/metrics")
        .asString()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }
}

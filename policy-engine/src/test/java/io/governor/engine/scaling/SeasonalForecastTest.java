package io.governor.engine.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeasonalForecastTest {

  private static final int DAY = SeasonalForecast.DAY;

  /** A day with a morning ramp: 100 at night, 400 from 08:00 to 18:00. */
  private static double load(long minute) {
    long ofDay = Math.floorMod(minute, (long) DAY);
    return ofDay >= 8 * 60 && ofDay < 18 * 60 ? 400 : 100;
  }

  @Test
  void tomorrowsRampIsForecastFromThePastDays() {
    // Given two days of history up to 07:55 of the third day
    SeasonalForecast forecast = new SeasonalForecast();
    long now = 2L * DAY + 7 * 60 + 55;
    for (long m = 0; m < now; m++) {
      forecast.record(m, load(m));
    }

    // When it looks ten minutes ahead
    double peak = forecast.peak(now, 10);

    // Then it sees the ramp before it comes
    assertThat(peak).isCloseTo(400, within(1.0));
    assertThat(forecast.forecast(now)).isCloseTo(100, within(1.0));
  }

  @Test
  void aBusierDayThanUsualRaisesTheForecast() {
    SeasonalForecast forecast = new SeasonalForecast();
    long now = 3L * DAY + 12 * 60;
    for (long m = 0; m < now; m++) {
      double busier = m >= now - 60 ? 1.5 : 1;
      forecast.record(m, load(m) * busier);
    }

    assertThat(forecast.level()).isCloseTo(1.5, within(0.01));
    assertThat(forecast.forecast(now + 5)).isCloseTo(600, within(1.0));
  }

  @Test
  void anOutagesZerosAreMissingDataNotAQuietDay() {
    // Given three days of history, then an outage since 11:00 that reports zeros
    SeasonalForecast forecast = new SeasonalForecast();
    long outage = 3L * DAY + 11 * 60;
    long now = 3L * DAY + 13 * 60;
    for (long m = 0; m < now; m++) {
      forecast.record(m, m >= outage ? 0 : load(m));
    }

    // Then the forecast is still the seasonal load: the zeros neither lower the level nor the
    // profile of the days to come
    assertThat(forecast.level()).isEqualTo(1);
    assertThat(forecast.forecast(now + 5)).isCloseTo(400, within(1.0));
    assertThat(forecast.forecast(4L * DAY + 12 * 60)).isCloseTo(400, within(1.0));
  }

  @Test
  void aMonthOfHistoryKeepsTheLastThreeWeeksAndADay() {
    // Given 30 days of the daily ramp
    SeasonalForecast forecast = new SeasonalForecast();
    long now = 30L * DAY;
    for (long m = 0; m < now; m++) {
      forecast.record(m, load(m));
    }

    // Then the ring holds what it can, and the weekly profile still forecasts tomorrow's ramp
    assertThat(forecast.knownMinutes()).isEqualTo(SeasonalForecast.HISTORY_MINUTES);
    assertThat(forecast.forecast(now + 12 * 60)).isCloseTo(400, within(1.0));
    assertThat(forecast.forecast(now + 2 * 60)).isCloseTo(100, within(1.0));
  }

  @Test
  void gapsDoNotCountTowardsTheWarmUp() {
    SeasonalForecast forecast = new SeasonalForecast();
    forecast.record(0, 100);
    forecast.record(DAY, 100);

    assertThat(forecast.knownMinutes()).isEqualTo(2);
  }

  @Test
  void withoutTwoSeasonsItCannotTell() {
    SeasonalForecast forecast = new SeasonalForecast();
    for (long m = 0; m < DAY + 60; m++) {
      forecast.record(m, load(m));
    }

    assertThat(forecast.forecast(DAY + 120)).isNaN();
  }
}

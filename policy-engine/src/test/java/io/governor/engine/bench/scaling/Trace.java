package io.governor.engine.bench.scaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * A load trace at one-minute steps, read where it lies in {@code ../shared/data/traces/}.
 *
 * @param name the trace
 * @param start the first minute, on the trace's local clock read as UTC, so days are its days
 * @param load the load of each minute; NaN where the trace has no data
 */
record Trace(String name, Instant start, double[] load) {

  static final String NASA = "nasa_http_1995_per_minute.csv";
  static final String CRANE = "crane_dsp_input0_cpu_1min.csv";
  static final String TAXI = "nab_nyc_taxi_30min.csv";

  static Trace read(Path folder, String file) throws IOException {
    List<String> lines = Files.readAllLines(folder.resolve(file));
    return switch (file) {
      case NASA ->
          minutes(
              file,
              lines,
              row -> {
                String[] cells = row.split(",");
                // Local EDT, a fixed offset: read as local time so that days are the server's days.
                Instant at =
                    OffsetDateTime.parse(cells[0]).toLocalDateTime().toInstant(ZoneOffset.UTC);
                return new double[] {at.getEpochSecond(), Double.parseDouble(cells[1])};
              },
              1);
      case CRANE ->
          minutes(
              file,
              lines,
              row -> {
                String[] cells = row.split(",");
                // Its day follows UTC+8 office hours.
                return new double[] {
                  Long.parseLong(cells[0]) + 8 * 3600, Double.parseDouble(cells[1])
                };
              },
              1);
      case TAXI ->
          minutes(
              file,
              lines,
              row -> {
                String[] cells = row.split(",");
                Instant at =
                    LocalDateTime.parse(
                            cells[0], DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .toInstant(ZoneOffset.UTC);
                return new double[] {at.getEpochSecond(), Double.parseDouble(cells[1])};
              },
              30);
      default -> throw new IllegalArgumentException(file);
    };
  }

  private interface Row {
    double[] parse(String row);
  }

  /** Resamples to minutes: a value of a longer step is held for its whole step. */
  private static Trace minutes(String name, List<String> lines, Row parser, int step) {
    double[][] rows =
        lines.stream()
            .skip(1)
            .filter(l -> !l.isBlank())
            .map(parser::parse)
            .toArray(double[][]::new);
    long first = (long) rows[0][0] / 60;
    long last = (long) rows[rows.length - 1][0] / 60 + step - 1;
    double[] load = new double[(int) (last - first + 1)];
    Arrays.fill(load, Double.NaN);
    for (double[] row : rows) {
      int minute = (int) ((long) row[0] / 60 - first);
      for (int i = 0; i < step && minute + i < load.length; i++) {
        load[minute + i] = row[1];
      }
    }
    return new Trace(name, Instant.ofEpochSecond(first * 60), load);
  }

  /** Days the trace spans. */
  double days() {
    return load.length / 1440.0;
  }

  /**
   * The unscored warm-up: the first 7 days or 2 seasons, whichever is shorter; the season is a week
   * where the trace spans four weeks or more, else a day.
   */
  int warmUpMinutes() {
    int season = days() >= 28 ? 7 * 1440 : 1440;
    return Math.min(7 * 1440, 2 * season);
  }

  /** The 99th percentile of the load. */
  double p99() {
    double[] known = Arrays.stream(load).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return known[(int) Math.floor(0.99 * (known.length - 1))];
  }
}

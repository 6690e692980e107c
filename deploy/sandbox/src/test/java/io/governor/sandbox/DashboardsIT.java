package io.governor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.governor.contracts.Topics;
import io.governor.testsupport.KafkaTopicProbe;
import io.governor.testsupport.PrometheusProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Governor's Grafana dashboards and Prometheus alerts against a real Prometheus that scrapes the
 * four packaged services every second, as deploy/prometheus/scrape-governor.yml names them, with
 * the alert rules loaded. While it scrapes, a bad deploy of checkout is rolled back and a load rise
 * scales cart up under a predictive policy; then every panel's and annotation's query must return
 * data for that time.
 */
class DashboardsIT {

  private static final Duration WAIT = RunningGovernor.WAIT;
  private static final String DATASOURCE = "${datasource}";
  private static final String RUNBOOKS =
      "https://github.com/governor-io/governor/blob/main/docs/operations.md#";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A label a legend or an annotation format names: {@code {{workload}}}. */
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

  /** A metric an alert reads: Governor's own, or Prometheus' {@code up}. */
  private static final Pattern METRIC_NAME = Pattern.compile("\\b(governor_\\w+|up)(?=[{\\[)\\s])");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static RunningGovernor running;
  private static PrometheusProcess prometheus;
  private static Instant scrapedFrom;

  @BeforeAll
  static void playScenarioWhilePrometheusScrapes() throws Exception {
    PrometheusProcess.binary(); // fails with how to install it, before anything starts
    running = RunningGovernor.start("dashboards-it-logs");
    Path dir = Files.createTempDirectory(running.root.resolve("deploy/sandbox/target"), "prom-");
    prometheus =
        PrometheusProcess.start(
            prometheusConfig(running.token.writeTo(dir.resolve("ingest-token"))),
            List.of(alertsFile()),
            dir);
    scrapedFrom = Instant.now();
    playBadDeploy();
    playLoadRise();
    playRefusalAndDeadLetters();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (running != null) {
      running.close();
    }
  }

  /**
   * Scrapes each service as job {@code governor-<service>} on Quarkus' metrics path every second,
   * as deploy/prometheus/scrape-governor.yml names them, with the alerts loaded. It also
   * remote-writes to ingest, as a cluster's Prometheus does: Governor's own series name no
   * workload, so ingest leaves them out and counts them by reason. Only {@code up} is sent: that is
   * enough, and cheap.
   */
  private static String prometheusConfig(Path ingestToken) {
    StringBuilder config =
        new StringBuilder(
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - governor-alerts.yml
            scrape_configs:
            """);
    for (String service : GovernorServices.DEFAULT_PORTS.keySet()) {
      config.append(
          """
            - job_name: governor-%s
              metrics_path: /q/metrics
              static_configs:
                - targets: ['%s']
          """
              .formatted(service, URI.create(running.services.url(service)).getAuthority()));
    }
    config.append(
        """
        remote_write:
          - url: %s/api/v1/write
            authorization:
              credentials_file: %s
            write_relabel_configs:
              - source_labels: [__name__]
                regex: up
                action: keep
            queue_config:
              batch_send_deadline: 1s
        """
            .formatted(running.services.url("metrics-ingest"), ingestToken.toAbsolutePath()));
    return config.toString();
  }

  /** The demo's bad deploy: checkout 1.1 fails one request in eight and is rolled back to 1.0. */
  private static void playBadDeploy() throws Exception {
    BadDeployDemo demo =
        new BadDeployDemo(
            running.governor,
            running.infrastructure.sandboxClient(),
            running.infrastructure.bootstrapServers(),
            new Narrator(System.out, Clock.systemUTC()),
            Clock.systemUTC());
    assertThat(demo.play(WAIT)).as("checkout's bad deploy rolled back").isTrue();
  }

  /**
   * cart's load rises from 100 to 150 requests per second per pod under a predictive policy: it
   * scales from 2 to 6 replicas, and the forecast, fed two days of history, asks for more.
   */
  private static void playLoadRise() throws Exception {
    KubernetesClient cluster = running.infrastructure.sandboxClient();
    CartWorkload cart = new CartWorkload(cluster);
    cart.create(2);
    GovernorClient governor = running.governor;
    assertThat(
            governor
                .createPolicy(
                    """
                    {"name": "cart-scaling",
                     "target": {"namespace": "shop", "kind": "Deployment", "name": "cart"},
                     "scaling": {"minReplicas": 2, "maxReplicas": 10,
                                 "metrics": [{"name": "http_requests_per_second",
                                              "type": "AverageValue", "value": 50}],
                                 "predictive": {"metric": "http_requests_per_second",
                                                "mode": "forecast-only"}}}
                    """)
                .status())
        .isEqualTo(201);

    // The engine reads policies on a tick and takes a workload on at its first sample after
    // that; earlier samples are not kept. The replica count alone starts nothing of the forecast,
    // whose history must begin with its oldest minute (it ignores minutes older than its first).
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              governor.postMetrics(CartWorkload.replicas(2, Instant.now()));
              return governor.scaling(CartWorkload.KEY).status() == 200;
            });

    // The seasonal forecast of a minute is the median of the same minute on the days before
    // (smoothed over five minutes), so two days of history around this time of day make one:
    // samples as the pods reported them then, through the same endpoint, oldest first. Those days
    // doubled their load two minutes from now, so the forecast looks ahead of the current count
    // for the whole scenario, as the "Forecast vs current" panel is there to show.
    Instant now = Instant.now();
    for (int daysAgo = 2; daysAgo >= 1; daysAgo--) {
      Instant then = now.minus(Duration.ofDays(daysAgo));
      assertThat(governor.postMetrics(CartWorkload.load(100, 2, minutes(then, -5, 1))).status())
          .isEqualTo(202);
      assertThat(governor.postMetrics(CartWorkload.load(200, 2, minutes(then, 2, 10))).status())
          .isEqualTo(202);
    }

    // The load rises above the target of 50 per replica, scrape after scrape, until cart scales
    cart.reportUntilScaled(governor, 150, 2);
    assertThat(cart.replicas()).isEqualTo(6);
    JsonNode scaling = governor.scaling(CartWorkload.KEY).body();
    assertThat(scaling.path("last").path("forecast").path("replicas").asInt())
        .as("the forecast sees the rise the days before had (the engine's view: %s)", scaling)
        .isGreaterThan(6);
  }

  /** Every minute from {@code first} to {@code last} minutes after {@code around}. */
  private static List<Instant> minutes(Instant around, int first, int last) {
    List<Instant> minutes = new ArrayList<>();
    for (int minute = first; minute <= last; minute++) {
      minutes.add(around.plus(Duration.ofMinutes(minute)));
    }
    return minutes;
  }

  /**
   * What the health panels are for: a second rollback of checkout within its cooldown, refused by
   * the safety gate, and a record each service cannot read, put aside on its dead-letter topic.
   */
  private static void playRefusalAndDeadLetters() throws Exception {
    GovernorClient.Answer again =
        running.governor.rollBackNow(
            "shop/Deployment/checkout",
            """
            {"fromRevision": "2", "toRevision": "1", "reason": "once more, by hand"}
            """);
    assertThat(again.status()).as("the engine takes the request: %s", again.body()).isEqualTo(202);
    try (KafkaTopicProbe kafka = new KafkaTopicProbe(running.infrastructure.bootstrapServers())) {
      kafka.send(Topics.DECISIONS, "shop/Deployment/checkout", "{\"not\": \"a CloudEvent\"");
      kafka.send(Topics.DEPLOYMENTS, "shop/Deployment/checkout", "{\"not\": \"a CloudEvent\"");
    }
  }

  @Test
  void everyDashboardUsesItsDataSourceVariableAndUniquePanelIds() {
    for (Path file : dashboards()) {
      // Given a dashboard as Grafana provisions it
      JsonNode dashboard = read(file);
      String name = file.getFileName().toString();

      // Then it offers every Prometheus data source, and every query uses the one chosen
      assertThat(dashboard.path("templating").path("list"))
          .as("%s: the datasource variable", name)
          .anySatisfy(
              variable -> {
                assertThat(variable.path("name").asText()).isEqualTo("datasource");
                assertThat(variable.path("type").asText()).isEqualTo("datasource");
                assertThat(variable.path("query").asText()).isEqualTo("prometheus");
              });
      List<String> wrongSource = new ArrayList<>();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          checkSource(variable, name + " variable " + variable.path("name").asText(), wrongSource);
        }
      }
      for (JsonNode panel : dashboard.path("panels")) {
        String where = name + " panel " + panel.path("id") + " \"" + panel.path("title").asText();
        checkSource(panel, where + "\"", wrongSource);
        for (JsonNode target : panel.path("targets")) {
          checkSource(target, where + "\" target " + target.path("refId").asText(), wrongSource);
        }
      }
      for (JsonNode annotation : dashboard.path("annotations").path("list")) {
        checkSource(annotation, name + " annotation " + annotation.path("name"), wrongSource);
      }
      assertThat(wrongSource).as("queries not on %s", DATASOURCE).isEmpty();

      // And its panels have unique ids, and a unit where they show numbers
      List<Integer> ids = new ArrayList<>();
      dashboard.path("panels").forEach(panel -> ids.add(panel.path("id").asInt()));
      assertThat(ids).as("%s: panel ids", name).doesNotHaveDuplicates().doesNotContain(0);
      assertThat(dashboard.path("panels"))
          .as("%s: panels", name)
          .isNotEmpty()
          .allSatisfy(
              panel ->
                  assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
                      .as("%s: unit of \"%s\"", name, panel.path("title").asText())
                      .isNotBlank());
    }
  }

  private static void checkSource(JsonNode node, String where, List<String> wrong) {
    if (!DATASOURCE.equals(node.path("datasource").path("uid").asText())) {
      wrong.add(where + " uses " + node.path("datasource"));
    }
  }

  @Test
  void everyPanelAndAnnotationQueryReturnsDataOfTheScenario() {
    // Given every query of every dashboard, with Grafana's variables as the test sets them
    Map<String, List<Query>> byDashboard = new LinkedHashMap<>();
    for (Path file : dashboards()) {
      byDashboard.put(file.getFileName().toString(), queries(read(file)));
    }

    // When each runs over the scenario's time, then each returns data
    Map<String, Set<Query>> answered = new LinkedHashMap<>();
    byDashboard.keySet().forEach(name -> answered.put(name, new HashSet<>()));
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                List<String> empty = new ArrayList<>();
                byDashboard.forEach(
                    (name, queries) -> {
                      for (Query query : queries) {
                        if (answered.get(name).contains(query)
                            || (query.instant()
                                ? hasDataNow(query.expr())
                                : hasData(query.expr()))) {
                          answered.get(name).add(query);
                        } else {
                          empty.add(name + " " + query.where() + ": " + query.expr());
                        }
                      }
                    });
                assertThat(empty).as("queries without data").isEmpty();
              });
    } finally {
      // The closing note quotes these lines, pass or fail.
      byDashboard.forEach(
          (name, queries) -> {
            int panels =
                read(running.root.resolve("deploy/grafana/dashboards/" + name))
                    .path("panels")
                    .size();
            System.out.printf(
                "dashboard %s: %d panels, %d of %d queries with data%n",
                name, panels, answered.get(name).size(), queries.size());
          });
    }
  }

  /**
   * One query of a dashboard: where it is (panel, annotation or variable), its PromQL, and whether
   * Grafana asks it at the range's end only (a stat over {@code $__range}) or over the range.
   */
  private record Query(String where, String expr, boolean instant) {}

  private static List<Query> queries(JsonNode dashboard) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new Query(
                "panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                grafanaVariablesSet(target.path("expr").asText()),
                target.path("instant").asBoolean(false)));
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      queries.add(
          new Query(
              "annotation \"" + annotation.path("name").asText() + "\"",
              grafanaVariablesSet(annotation.path("expr").asText()),
              false));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        // label_values(<selector>, <label>) offers the label's values of the selector's series.
        String definition = variable.path("definition").asText();
        String selector =
            definition.substring("label_values(".length(), definition.lastIndexOf(','));
        String label =
            definition.substring(definition.lastIndexOf(',') + 1, definition.length() - 1);
        queries.add(
            new Query(
                "variable " + variable.path("name").asText(),
                grafanaVariablesSet("count by (" + label.trim() + ") (" + selector + ")"),
                false));
      }
    }
    return queries;
  }

  /** Grafana's built-in intervals as over a 10-minute range; every template variable as All. */
  static String grafanaVariablesSet(String expr) {
    return expr.replace("$__rate_interval", "1m")
        .replace("$__interval", "15s")
        .replace("$__range", "10m")
        .replaceAll("\\$\\{\\w+}|\\$\\w+", ".*");
  }

  /**
   * Time series where nothing but 0 is the healthy reading, so the scenario cannot move them: the
   * lag of consumers that keep up, and requests in flight between requests.
   */
  private static final Set<String> QUIET_WHEN_HEALTHY =
      Set.of("Consumer lag", "Ingest requests in flight");

  @Test
  void everyTimeSeriesShowsTheScenarioHappening() {
    // Given every time-series panel's queries (a counter registered at 0 has data all along, so
    // data alone would not show that a panel reads the right series)
    List<String> flat = new ArrayList<>();
    Map<String, String> queries = new LinkedHashMap<>();
    for (Path file : dashboards()) {
      for (JsonNode panel : read(file).path("panels")) {
        String title = panel.path("title").asText();
        if (panel.path("type").asText().equals("timeseries")
            && !QUIET_WHEN_HEALTHY.contains(title)) {
          for (JsonNode target : panel.path("targets")) {
            queries.put(
                file.getFileName() + " \"" + title + "\" " + target.path("refId").asText(),
                grafanaVariablesSet(target.path("expr").asText()));
          }
        }
      }
    }

    // Then each shows a value other than 0 at some point of the scenario
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              flat.clear();
              queries.forEach(
                  (where, expr) -> {
                    if (!anyValue(expr, value -> value != 0)) {
                      flat.add(where + ": " + expr);
                    }
                  });
              assertThat(flat).as("time series flat at 0 over the scenario").isEmpty();
            });
  }

  /** Whether the query has a number (not NaN) now, as a stat panel asks it. */
  private static boolean hasDataNow(String expr) {
    JsonNode answer =
        prometheusApi("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    assertThat(answer.path("status").asText())
        .as("%s answered %s", expr, answer)
        .isEqualTo("success");
    for (JsonNode series : answer.path("data").path("result")) {
      if (!Double.isNaN(Double.parseDouble(series.path("value").get(1).asText()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the query has a number (not NaN) anywhere over the scenario, at a 5 s step. */
  private static boolean hasData(String expr) {
    return anyValue(expr, value -> true);
  }

  /** Whether the query has a number (not NaN) that is {@code wanted} over the scenario. */
  private static boolean anyValue(String expr, DoublePredicate wanted) {
    for (JsonNode series : overTheScenario(expr)) {
      for (JsonNode point : series.path("values")) {
        double value = Double.parseDouble(point.get(1).asText());
        if (!Double.isNaN(value) && wanted.test(value)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The series the query returns over the scenario, at a 5 s step, as Grafana asks a range. */
  private static JsonNode overTheScenario(String expr) {
    JsonNode answer =
        prometheusApi(
            "/api/v1/query_range?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&start="
                + scrapedFrom.getEpochSecond()
                + "&end="
                + Instant.now().getEpochSecond()
                + "&step=5");
    assertThat(answer.path("status").asText())
        .as("%s answered %s", expr, answer)
        .isEqualTo("success");
    return answer.path("data").path("result");
  }

  @Test
  void everyLegendAndAnnotationNamesLabelsItsQueryReturns() {
    // Given every label a legend, an annotation's title or text, or its tags name: Grafana shows
    // an empty string for a label the series lacks, so two lines or events could not be told apart
    Map<String, Set<String>> labelsOf = new LinkedHashMap<>();
    Map<String, String> exprOf = new LinkedHashMap<>();
    for (Path file : dashboards()) {
      JsonNode dashboard = read(file);
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String where =
              file.getFileName()
                  + " \""
                  + panel.path("title").asText()
                  + "\" "
                  + target.path("refId").asText();
          exprOf.put(where, grafanaVariablesSet(target.path("expr").asText()));
          labelsOf.put(where, legendLabels(target.path("legendFormat").asText()));
        }
      }
      for (JsonNode annotation : dashboard.path("annotations").path("list")) {
        String where =
            file.getFileName() + " annotation \"" + annotation.path("name").asText() + "\"";
        Set<String> labels = new TreeSet<>();
        labels.addAll(legendLabels(annotation.path("titleFormat").asText()));
        labels.addAll(legendLabels(annotation.path("textFormat").asText()));
        for (String key : annotation.path("tagKeys").asText().split(",")) {
          if (!key.isBlank()) {
            labels.add(key.trim());
          }
        }
        exprOf.put(where, grafanaVariablesSet(annotation.path("expr").asText()));
        labelsOf.put(where, labels);
      }
    }
    labelsOf.values().removeIf(Set::isEmpty);
    assertThat(labelsOf).as("queries whose legend names labels").hasSizeGreaterThan(30);

    // Then every series each query returns over the scenario has a value for each of them
    List<String> unlabelled = new ArrayList<>();
    labelsOf.forEach(
        (where, labels) -> {
          for (JsonNode series : overTheScenario(exprOf.get(where))) {
            for (String label : labels) {
              if (series.path("metric").path(label).asText().isEmpty()) {
                unlabelled.add(
                    where + " names {{" + label + "}}, missing from " + series.path("metric"));
              }
            }
          }
        });
    assertThat(unlabelled).as("legend labels the series lack").isEmpty();
  }

  /** The labels a legend or an annotation format names as {@code {{label}}}. */
  private static Set<String> legendLabels(String format) {
    Set<String> labels = new TreeSet<>();
    Matcher matcher = LEGEND_LABEL.matcher(format);
    while (matcher.find()) {
      labels.add(matcher.group(1));
    }
    return labels;
  }

  @Test
  void everyAlertRuleIsLoadedAndHealthy() {
    // Given the rule file, each alert with a severity, a summary, a description and a runbook
    JsonNode rules = alertRules();
    Set<String> names = new TreeSet<>();
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      names.add(name);
      assertThat(rule.path("labels").path("severity").asText())
          .as("%s severity", name)
          .isIn("critical", "warning");
      assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
      assertThat(rule.path("annotations").path("runbook_url").asText())
          .as("%s runbook", name)
          .isEqualTo(RUNBOOKS + name.toLowerCase());
    }
    assertThat(names).hasSize(10);

    // Then Prometheus loaded each and evaluates it without error
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, String> health = new LinkedHashMap<>();
              for (JsonNode group : prometheusApi("/api/v1/rules?type=alert").at("/data/groups")) {
                for (JsonNode rule : group.path("rules")) {
                  health.put(
                      rule.path("name").asText(),
                      rule.path("health").asText() + " " + rule.path("lastError").asText(""));
                }
              }
              assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(names);
              assertThat(health).allSatisfy((name, state) -> assertThat(state).isEqualTo("ok "));
            });
  }

  @Test
  void everySeriesAnAlertWatchesIsExported() {
    // Given every metric the alerts name (a misspelt one evaluates "ok" and never fires)
    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    for (JsonNode rule : alertRules()) {
      Matcher name = METRIC_NAME.matcher(rule.path("expr").asText());
      while (name.find()) {
        metrics
            .computeIfAbsent(name.group(), key -> new TreeSet<>())
            .add(rule.path("alert").asText());
      }
    }
    assertThat(metrics).isNotEmpty();

    // Then the running services export each of them
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, Set<String>> missing = new LinkedHashMap<>(metrics);
              missing.keySet().removeIf(metric -> hasData("count(" + metric + ")"));
              assertThat(missing).as("metrics the alerts watch that no service exports").isEmpty();
            });
  }

  @Test
  void everyAlertsRunbookHasItsSectionInTheOperationsGuide() throws IOException {
    // Given the operations guide's sections, by heading, their text on one line
    Map<String, StringBuilder> sections = new HashMap<>();
    StringBuilder section = new StringBuilder();
    for (String line : Files.readAllLines(running.root.resolve("docs/operations.md"))) {
      if (line.startsWith("#")) {
        section = new StringBuilder();
        if (line.startsWith("### ")) {
          sections.put(line.substring(4), section);
        }
      } else {
        section.append(' ').append(line);
      }
    }

    // Then each alert's runbook anchor is a section of its own, named as the alert, that shows
    // the alert's expression as the rule file has it
    List<String> missing = new ArrayList<>();
    for (JsonNode rule : alertRules()) {
      String name = rule.path("alert").asText();
      String anchor = rule.path("annotations").path("runbook_url").asText().replaceAll(".*#", "");
      if (!sections.containsKey(name) || !anchor.equals(name.toLowerCase())) {
        missing.add(name + " (#" + anchor + ")");
      } else if (!oneLine(sections.get(name).toString())
          .contains(oneLine(rule.path("expr").asText()))) {
        missing.add(name + " shows another expression than " + oneLine(rule.path("expr").asText()));
      }
    }
    assertThat(missing)
        .as("alerts without a \"### <AlertName>\" runbook in docs/operations.md")
        .isEmpty();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim();
  }

  private static JsonNode alertRules() {
    try {
      return new YAMLMapper().readTree(alertsFile().toFile()).at("/groups/0/rules");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path alertsFile() {
    return running.root.resolve("deploy/prometheus/governor-alerts.yml");
  }

  private static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(running.root.resolve("deploy/grafana/dashboards"))) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(found).as("dashboards").hasSize(4);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not JSON", e);
    }
  }

  private static JsonNode prometheusApi(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(prometheus.url() + pathAndQuery))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package io.governor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.governor.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay of {@code deploy/k8s} with {@code kubectl kustomize}, as {@code kubectl
 * apply -k} would, and checks what the deployment standard requires of what would be applied:
 * limits, probes and a locked-down container everywhere, the four mandatory labels on every object,
 * no secret value in the manifests, gradual rollouts, pinned images, and RBAC that grants each
 * service exactly the calls its code makes (the table below, also in docs/deploy.md).
 */
class ManifestsTest {

  private static final Path ROOT =
      Path.of(System.getProperty("governor.root", "../..")).toAbsolutePath().normalize();

  private static final List<String> MANDATORY_LABELS =
      List.of("environment", "project", "owner", "cost-center");

  /**
   * What each service account may do, as "scope group/resource verb" with scope {@code cluster}
   * (ClusterRoleBinding) or {@code namespace} (RoleBinding) and group {@code core} for the core
   * API. It mirrors the calls of the code: docs/deploy.md#rbac explains each line. A service
   * account missing here may do nothing.
   */
  private static final Map<String, Set<String>> EXPECTED_RBAC =
      Map.of(
          // Deployment watch (fabric8 informers): announces revisions, rollouts, deadlines.
          "metrics-ingest",
          Set.of(
              "cluster apps/deployments list",
              "cluster apps/deployments watch",
              "cluster apps/replicasets list",
              "cluster apps/replicasets watch"),
          // Policies and judgement only: Kafka and Redis, never the Kubernetes API.
          "policy-engine",
          Set.of(),
          // Rollback, scale, Events, blue-green Services, the namespace's pause annotation.
          "actuator",
          Set.of(
              "cluster apps/deployments get",
              "cluster apps/deployments list",
              "cluster apps/deployments patch",
              "cluster apps/replicasets list",
              "cluster apps/statefulsets get",
              "cluster apps/deployments/scale patch",
              "cluster apps/statefulsets/scale patch",
              "cluster autoscaling/horizontalpodautoscalers list",
              "cluster autoscaling/horizontalpodautoscalers patch",
              "cluster core/events create",
              "cluster core/events get",
              "cluster core/events update",
              "cluster core/services get",
              "cluster core/services patch",
              "cluster core/namespaces get"),
          // Leader election over one Lease in its own namespace.
          "scheduler",
          Set.of(
              "namespace coordination.k8s.io/leases get",
              "namespace coordination.k8s.io/leases create",
              "namespace coordination.k8s.io/leases patch"));

  private static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

  /**
   * A name that says its value is a credential: it must come from a Secret, not a literal. A name
   * ending in {@code _FILE} holds a path (checked to lie on a mounted Secret instead).
   */
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile(
          "(?i)(?!.*_FILE$).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY).*");

  private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void everyObjectCarriesTheMandatoryLabels(String overlay) {
    List<String> violations = new ArrayList<>();
    for (JsonNode object : render(overlay)) {
      JsonNode labels = object.path("metadata").path("labels");
      for (String label : MANDATORY_LABELS) {
        if (labels.path(label).asText("").isBlank()) {
          violations.add(id(object) + " has no label " + label);
        }
      }
      if (!labels.path("environment").asText("").isBlank()
          && !overlay.equals(labels.path("environment").asText())) {
        violations.add(id(object) + " says environment=" + labels.path("environment").asText());
      }
      if (!labels.path("project").asText("").isBlank()
          && !"governor".equals(labels.path("project").asText())) {
        violations.add(id(object) + " says project=" + labels.path("project").asText());
      }
      if (WORKLOAD_KINDS.contains(kind(object))) {
        JsonNode podLabels = podTemplate(object).path("metadata").path("labels");
        for (String label : MANDATORY_LABELS) {
          if (podLabels.path(label).asText("").isBlank()) {
            violations.add(id(object) + "'s pods have no label " + label);
          }
        }
      }
    }
    assertThat(violations).as("labels in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void everyContainerIsLimitedProbedAndLockedDown(String overlay) {
    List<String> violations = new ArrayList<>();
    List<JsonNode> workloads = workloads(overlay);
    assertThat(workloads).as("workloads in overlay %s", overlay).isNotEmpty();
    for (JsonNode workload : workloads) {
      JsonNode pod = podTemplate(workload).path("spec");
      JsonNode podSecurity = pod.path("securityContext");
      Map<JsonNode, Boolean> containers = new LinkedHashMap<>();
      pod.path("initContainers").forEach(container -> containers.put(container, true));
      pod.path("containers").forEach(container -> containers.put(container, false));
      assertThat(containers).as("containers of %s", id(workload)).isNotEmpty();
      for (Map.Entry<JsonNode, Boolean> entry : containers.entrySet()) {
        JsonNode container = entry.getKey();
        boolean init = entry.getValue();
        String where = id(workload) + " container " + container.path("name").asText();
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            if (container.path("resources").path(kind).path(resource).asText("").isBlank()) {
              violations.add(where + " has no " + resource + " " + kind);
            }
          }
        }
        if (!init) {
          for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (!container.path(probe).isObject()) {
              violations.add(where + " has no " + probe);
            }
          }
        }
        JsonNode security = container.path("securityContext");
        if (!security
            .path("runAsNonRoot")
            .asBoolean(podSecurity.path("runAsNonRoot").asBoolean())) {
          violations.add(where + " may run as root (runAsNonRoot is not true)");
        }
        if (security.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(-1)) == 0) {
          violations.add(where + " runs as user 0");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean()) {
          violations.add(where + " has a writable root filesystem");
        }
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
          violations.add(where + " allows privilege escalation");
        }
        if (security.path("privileged").asBoolean()) {
          violations.add(where + " is privileged");
        }
        if (!texts(security.path("capabilities").path("drop")).contains("ALL")) {
          violations.add(where + " does not drop ALL capabilities");
        }
        if (!security.path("capabilities").path("add").isMissingNode()
            && !security.path("capabilities").path("add").isEmpty()) {
          violations.add(where + " adds capabilities");
        }
        String seccomp =
            security
                .path("seccompProfile")
                .path("type")
                .asText(podSecurity.path("seccompProfile").path("type").asText(""));
        if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
          violations.add(where + " has no RuntimeDefault seccomp profile");
        }
      }
    }
    assertThat(violations).as("containers in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void governorProbesItsHealthEndpoints(String overlay) {
    List<String> violations = new ArrayList<>();
    for (String service : EXPECTED_RBAC.keySet()) {
      JsonNode deployment = find(overlay, "Deployment", service);
      JsonNode container = podTemplate(deployment).path("spec").path("containers").path(0);
      check(violations, container, "livenessProbe", "/q/health/live", service);
      check(violations, container, "readinessProbe", "/q/health/ready", service);
    }
    assertThat(violations).as("probes in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void noSecretValueIsInTheManifests(String overlay) {
    List<String> violations = new ArrayList<>();
    for (JsonNode object : render(overlay)) {
      if ("Secret".equals(kind(object))) {
        for (String field : List.of("data", "stringData")) {
          if (object.has(field) && !object.path(field).isEmpty()) {
            violations.add(id(object) + " carries " + field + " " + fieldNames(object.path(field)));
          }
        }
      }
      if ("ConfigMap".equals(kind(object))) {
        object
            .path("data")
            .fieldNames()
            .forEachRemaining(
                key -> {
                  if (CREDENTIAL_NAME.matcher(key).matches()) {
                    violations.add(id(object) + " holds " + key + ", a credential in a ConfigMap");
                  }
                });
      }
    }
    for (JsonNode workload : workloads(overlay)) {
      JsonNode pod = podTemplate(workload).path("spec");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode container : pod.path(list)) {
          for (JsonNode env : container.path("env")) {
            if (CREDENTIAL_NAME.matcher(env.path("name").asText()).matches() && env.has("value")) {
              violations.add(
                  id(workload) + " sets " + env.path("name").asText() + " to a literal value");
            }
          }
        }
      }
    }
    assertThat(violations).as("secrets in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void everyFileVariableNamesAFileOfAMountedSecret(String overlay) {
    // A *_FILE variable escapes the credential check: the path it holds must be a Secret's.
    List<String> violations = new ArrayList<>();
    for (JsonNode workload : workloads(overlay)) {
      JsonNode pod = podTemplate(workload).path("spec");
      Set<String> secretVolumes = new TreeSet<>();
      pod.path("volumes")
          .forEach(
              volume -> {
                if (volume.has("secret")) {
                  secretVolumes.add(volume.path("name").asText());
                }
              });
      for (JsonNode container : pod.path("containers")) {
        for (JsonNode env : container.path("env")) {
          String name = env.path("name").asText();
          if (!name.endsWith("_FILE") || !env.has("value")) {
            continue;
          }
          String path = env.path("value").asText();
          boolean onASecret = false;
          for (JsonNode mount : container.path("volumeMounts")) {
            onASecret |=
                secretVolumes.contains(mount.path("name").asText())
                    && path.startsWith(mount.path("mountPath").asText() + "/");
          }
          if (!onASecret) {
            violations.add(
                id(workload) + " sets " + name + "=" + path + ", not on a Secret's mount");
          }
        }
      }
    }
    assertThat(violations).as("file variables in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void ingestReadsItsTokensFromTheMountedSecretAndReachesRedis(String overlay) {
    // Without a tokens file ingest refuses to start; without Redis its watch announces nothing.
    JsonNode ingest = find(overlay, "Deployment", "metrics-ingest");
    JsonNode pod = podTemplate(ingest).path("spec");
    JsonNode container = pod.path("containers").get(0);
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
    String tokensFile =
        env.getOrDefault("GOVERNOR_INGEST_AUTH_TOKENS_FILE", NullNode.instance)
            .path("value")
            .asText();
    List<String> secretMounts = new ArrayList<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.path("name").equals(mount.path("name"))
            && "governor-ingest-tokens".equals(volume.path("secret").path("secretName").asText())) {
          secretMounts.add(mount.path("mountPath").asText() + "/tokens");
        }
      }
    }
    assertThat(secretMounts).as("where the tokens Secret's key lands").contains(tokensFile);
    assertThat(
            env.get("QUARKUS_REDIS_PASSWORD")
                .path("valueFrom")
                .path("secretKeyRef")
                .path("name")
                .asText())
        .isEqualTo("governor-redis");
    List<Integer> egressPorts = new ArrayList<>();
    find(overlay, "NetworkPolicy", "metrics-ingest")
        .path("spec")
        .path("egress")
        .forEach(
            rule -> rule.path("ports").forEach(port -> egressPorts.add(port.path("port").asInt())));
    assertThat(egressPorts).contains(6379);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void everyImageIsPinned(String overlay) {
    List<String> violations = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode workload : workloads(overlay)) {
      JsonNode pod = podTemplate(workload).path("spec");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode container : pod.path(list)) {
          String image = container.path("image").asText();
          images.add(image);
          if (!pinned(image)) {
            violations.add(id(workload) + " runs " + image + ", not pinned to a version or digest");
          }
        }
      }
    }
    assertThat(images).as("images in overlay %s", overlay).isNotEmpty();
    assertThat(violations).as("images in overlay %s", overlay).isEmpty();
  }

  @Test
  void pinnedMeansATagOtherThanLatestOrADigest() {
    assertThat(pinned("ghcr.io/governor/actuator:0.1.0")).isTrue();
    assertThat(pinned("localhost:5000/governor/actuator:0.1.0")).isTrue();
    assertThat(pinned("redis:7.2.11")).isTrue();
    assertThat(pinned("ghcr.io/governor/actuator@sha256:" + "a".repeat(64))).isTrue();
    assertThat(pinned("ghcr.io/governor/actuator")).isFalse();
    assertThat(pinned("ghcr.io/governor/actuator:latest")).isFalse();
    assertThat(pinned("localhost:5000/governor/actuator")).isFalse();
    assertThat(pinned("redis")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void deploymentsRollGradually(String overlay) {
    List<String> violations = new ArrayList<>();
    for (JsonNode deployment : objects(overlay, "Deployment")) {
      JsonNode strategy = deployment.path("spec").path("strategy");
      if (!"RollingUpdate".equals(strategy.path("type").asText())) {
        violations.add(id(deployment) + " does not use a RollingUpdate");
      }
      for (String field : List.of("maxSurge", "maxUnavailable")) {
        if (!strategy.path("rollingUpdate").has(field)) {
          violations.add(id(deployment) + " does not set rollingUpdate." + field);
        }
      }
    }
    assertThat(violations).as("rollouts in overlay %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void everyWorkloadHasADisruptionBudgetAndANetworkPolicy(String overlay) {
    List<String> violations = new ArrayList<>();
    List<JsonNode> budgets = objects(overlay, "PodDisruptionBudget");
    List<JsonNode> policies = objects(overlay, "NetworkPolicy");
    boolean defaultDeny =
        policies.stream()
            .anyMatch(
                policy ->
                    policy.path("spec").path("podSelector").isEmpty()
                        && texts(policy.path("spec").path("policyTypes")).contains("Ingress")
                        && policy.path("spec").path("ingress").isEmpty());
    if (!defaultDeny) {
      violations.add("no NetworkPolicy denies ingress to every pod by default");
    }
    for (JsonNode workload : workloads(overlay)) {
      JsonNode labels = podTemplate(workload).path("metadata").path("labels");
      if (budgets.stream().noneMatch(budget -> selects(budget.path("spec"), labels))) {
        violations.add(id(workload) + " has no PodDisruptionBudget");
      }
      if (policies.stream()
          .filter(policy -> !policy.path("spec").path("podSelector").isEmpty())
          .noneMatch(policy -> selects(policy.path("spec").path("podSelector"), labels))) {
        violations.add(id(workload) + " has no NetworkPolicy of its own");
      }
    }
    for (String service : EXPECTED_RBAC.keySet()) {
      JsonNode policy = find(overlay, "NetworkPolicy", service);
      if (!texts(policy.path("spec").path("policyTypes")).contains("Egress")) {
        violations.add(id(policy) + " does not limit egress");
      }
    }
    assertThat(violations).as("disruption budgets and network policies in %s", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void rbacGrantsExactlyWhatTheCodeUses(String overlay) {
    List<JsonNode> objects = render(overlay);
    Map<String, JsonNode> roles = new HashMap<>();
    for (JsonNode object : objects) {
      if (Set.of("Role", "ClusterRole").contains(kind(object))) {
        roles.put(kind(object) + "/" + name(object), object);
        if (object.has("aggregationRule")) {
          fail(id(object) + " aggregates other roles: its rules cannot be checked here");
        }
      }
    }
    Set<String> accounts = new TreeSet<>();
    objects(overlay, "ServiceAccount").forEach(account -> accounts.add(name(account)));
    Map<String, Set<String>> granted = new TreeMap<>();
    accounts.forEach(account -> granted.put(account, new TreeSet<>()));
    List<String> violations = new ArrayList<>();
    for (JsonNode binding : objects) {
      if (!Set.of("RoleBinding", "ClusterRoleBinding").contains(kind(binding))) {
        continue;
      }
      String scope = "ClusterRoleBinding".equals(kind(binding)) ? "cluster" : "namespace";
      JsonNode roleRef = binding.path("roleRef");
      JsonNode role =
          roles.get(roleRef.path("kind").asText() + "/" + roleRef.path("name").asText());
      if (role == null) {
        violations.add(id(binding) + " binds " + roleRef + ", which these manifests do not define");
        continue;
      }
      for (JsonNode subject : binding.path("subjects")) {
        String account = subject.path("name").asText();
        if (!"ServiceAccount".equals(subject.path("kind").asText())
            || !accounts.contains(account)
            || !namespace(binding, subject).equals("governor")) {
          violations.add(id(binding) + " binds " + subject + ", not one of Governor's accounts");
          continue;
        }
        for (JsonNode rule : role.path("rules")) {
          String names =
              rule.path("resourceNames").isEmpty()
                  ? ""
                  : texts(rule.path("resourceNames")).toString();
          for (String group : texts(rule.path("apiGroups"))) {
            for (String resource : texts(rule.path("resources"))) {
              for (String verb : texts(rule.path("verbs"))) {
                granted
                    .get(account)
                    .add(
                        scope
                            + " "
                            + (group.isEmpty() ? "core" : group)
                            + "/"
                            + resource
                            + names
                            + " "
                            + verb);
              }
            }
          }
          if (rule.has("nonResourceURLs")) {
            violations.add(id(role) + " grants non-resource URLs " + rule.path("nonResourceURLs"));
          }
        }
      }
    }
    for (String account : accounts) {
      Set<String> expected = EXPECTED_RBAC.getOrDefault(account, Set.of());
      for (String grant : granted.get(account)) {
        if (!expected.contains(grant)) {
          violations.add(account + " is granted \"" + grant + "\", which its code does not use");
        }
      }
      for (String grant : expected) {
        if (!granted.get(account).contains(grant)) {
          violations.add(account + " lacks \"" + grant + "\", which its code uses");
        }
      }
    }
    assertThat(violations).as("RBAC of overlay %s", overlay).isEmpty();
    assertThat(accounts).as("service accounts").containsAll(EXPECTED_RBAC.keySet());

    // An account that may do nothing has no token to leak.
    for (JsonNode account : objects(overlay, "ServiceAccount")) {
      if (granted.get(name(account)).isEmpty()) {
        assertThat(account.path("automountServiceAccountToken").asBoolean(true))
            .as("%s, which may do nothing, mounts its token", id(account))
            .isFalse();
      }
    }
  }

  @Test
  void theDataComponentCreatesEveryTopicOfTheContracts() {
    Map<String, JsonNode> topics = new TreeMap<>();
    for (JsonNode topic : objects("staging", "KafkaTopic")) {
      topics.put(topic.path("spec").path("topicName").asText(name(topic)), topic.path("spec"));
    }
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);

    // policy-engine's one consumer with the range assignor owns partition N of all three.
    Set<Integer> coPartitioned = new TreeSet<>();
    for (String topic : List.of(Topics.METRICS, Topics.DEPLOYMENTS, Topics.SCHEDULES)) {
      coPartitioned.add(topics.get(topic).path("partitions").asInt());
    }
    assertThat(coPartitioned).as("partitions of metrics, deployments and schedules").hasSize(1);

    topics.forEach(
        (name, spec) -> {
          assertThat(spec.path("partitions").asInt()).as("%s partitions", name).isPositive();
          assertThat(spec.path("config").path("retention.ms").asLong())
              .as("%s retention.ms", name)
              .isPositive();
          assertThat(spec.path("config").path("cleanup.policy").asText())
              .as("%s cleanup.policy", name)
              .isNotBlank();
          // acks=all with min.insync.replicas 2 still writes with one broker down.
          assertThat(spec.path("replicas").asInt())
              .as("%s replicas", name)
              .isGreaterThan(spec.path("config").path("min.insync.replicas").asInt(1));
        });
    assertThat(
            topics
                .get(Topics.DEAD_LETTER_POLICY_ENGINE)
                .path("config")
                .path("retention.ms")
                .asLong())
        .as("dead letters are kept at least as long as the decisions")
        .isGreaterThanOrEqualTo(
            topics.get(Topics.DECISIONS).path("config").path("retention.ms").asLong());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void noConsumerHasMoreReplicasThanItsPartitions(String overlay) {
    Map<String, Integer> partitions = new HashMap<>();
    for (JsonNode topic : objects("staging", "KafkaTopic")) {
      partitions.put(
          topic.path("spec").path("topicName").asText(),
          topic.path("spec").path("partitions").asInt());
    }
    JsonNode engine = find(overlay, "Deployment", "policy-engine");
    assertThat(engine.path("spec").path("replicas").asInt(1))
        .as("policy-engine replicas in %s", overlay)
        .isLessThanOrEqualTo(partitions.get(Topics.METRICS));
    assertThat(objects(overlay, "HorizontalPodAutoscaler"))
        .as("autoscalers in %s", overlay)
        .noneMatch(hpa -> name(hpa).equals("policy-engine") || name(hpa).equals("scheduler"));
    JsonNode actuator = find(overlay, "HorizontalPodAutoscaler", "actuator");
    assertThat(actuator.path("spec").path("maxReplicas").asInt())
        .as("actuator's most replicas in %s", overlay)
        .isLessThanOrEqualTo(partitions.get(Topics.DECISIONS));
  }

  // ---- rendering ----

  /** The objects {@code kubectl kustomize} renders for one overlay, once per test run. */
  private static synchronized List<JsonNode> render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, ManifestsTest::kustomize);
  }

  private static List<JsonNode> kustomize(String overlay) {
    Path directory = ROOT.resolve("deploy/k8s/overlays").resolve(overlay);
    assertThat(directory.resolve("kustomization.yaml"))
        .as("overlay %s (governor.root=%s)", overlay, ROOT)
        .exists();
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", directory.toString())
              .directory(ROOT.toFile())
              .start();
    } catch (IOException e) {
      return fail(
          "kubectl is not on the PATH: this test renders the overlays with `kubectl kustomize`"
              + " (kubectl 1.27 or later, as on the build machines and in the CI workflow). "
              + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> errors =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String yaml = read(process.getInputStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail("kubectl kustomize " + directory + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        return fail(
            "kubectl kustomize "
                + directory
                + " failed ("
                + process.exitValue()
                + "): "
                + errors.join());
      }
      Files.createDirectories(ROOT.resolve("deploy/sandbox/target/manifests"));
      Files.writeString(ROOT.resolve("deploy/sandbox/target/manifests/" + overlay + ".yaml"), yaml);
      List<JsonNode> objects = new ArrayList<>();
      MappingIterator<JsonNode> documents =
          new YAMLMapper().readerFor(JsonNode.class).readValues(yaml);
      for (JsonNode object : documents.readAll()) {
        if (object != null && object.isObject() && !object.isEmpty()) {
          objects.add(object);
        }
      }
      assertThat(objects).as("objects rendered for %s", overlay).isNotEmpty();
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(InputStream stream) {
    try (InputStream in = stream) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- helpers ----

  private static List<JsonNode> objects(String overlay, String kind) {
    return render(overlay).stream().filter(object -> kind.equals(kind(object))).toList();
  }

  private static JsonNode find(String overlay, String kind, String name) {
    return objects(overlay, kind).stream()
        .filter(object -> name.equals(name(object)))
        .findFirst()
        .orElseGet(() -> fail("overlay " + overlay + " renders no " + kind + " " + name));
  }

  private static List<JsonNode> workloads(String overlay) {
    return render(overlay).stream()
        .filter(object -> WORKLOAD_KINDS.contains(kind(object)))
        .toList();
  }

  private static JsonNode podTemplate(JsonNode workload) {
    JsonNode spec = workload.path("spec");
    if ("CronJob".equals(kind(workload))) {
      spec = spec.path("jobTemplate").path("spec");
    }
    return spec.path("template");
  }

  private static void check(
      List<String> violations, JsonNode container, String probe, String path, String service) {
    String actual = container.path(probe).path("httpGet").path("path").asText("");
    if (!path.equals(actual)) {
      violations.add(service + "'s " + probe + " asks " + actual + ", not " + path);
    }
  }

  /** Whether a selector (matchLabels only, as Governor's are) selects pods with these labels. */
  private static boolean selects(JsonNode owner, JsonNode labels) {
    JsonNode selector = owner.has("selector") ? owner.path("selector") : owner;
    JsonNode matchLabels = selector.path("matchLabels");
    if (matchLabels.isEmpty() || selector.has("matchExpressions")) {
      return false;
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    matchLabels
        .fields()
        .forEachRemaining(field -> wanted.put(field.getKey(), field.getValue().asText()));
    return wanted.entrySet().stream()
        .allMatch(entry -> entry.getValue().equals(labels.path(entry.getKey()).asText(null)));
  }

  /** A tag other than latest after the last path segment, or a digest. */
  static boolean pinned(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }
    String lastSegment = image.substring(image.lastIndexOf('/') + 1);
    int colon = lastSegment.indexOf(':');
    return colon > 0
        && !lastSegment.substring(colon + 1).isBlank()
        && !"latest".equals(lastSegment.substring(colon + 1));
  }

  private static String namespace(JsonNode binding, JsonNode subject) {
    return subject.path("namespace").asText(binding.path("metadata").path("namespace").asText(""));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String kind(JsonNode object) {
    return object.path("kind").asText();
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static String id(JsonNode object) {
    String namespace = object.path("metadata").path("namespace").asText("");
    return kind(object) + " " + (namespace.isEmpty() ? "" : namespace + "/") + name(object);
  }
}

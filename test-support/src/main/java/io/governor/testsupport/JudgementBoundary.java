package io.governor.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The build-enforced boundary between judgement and wiring: only packages named after what they
 * wire ({@code rest}, {@code kafka}, {@code redis}, {@code kubernetes}, {@code config}) may touch
 * Quarkus, CDI, JAX-RS, Kafka, Redis, Vert.x, Micrometer or fabric8. Everything else is plain Java
 * (and Jackson), testable without booting anything.
 */
public final class JudgementBoundary {

  static final String[] WIRING = {
    "..rest..", "..kafka..", "..redis..", "..kubernetes..", "..config.."
  };

  static final String[] FRAMEWORKS = {
    "io.quarkus..",
    "io.smallrye..",
    "io.vertx..",
    "io.micrometer..",
    "io.fabric8..",
    "org.apache.kafka..",
    "io.lettuce..",
    "redis.clients..",
    "jakarta.enterprise..",
    "jakarta.inject..",
    "jakarta.ws.rs..",
    "org.eclipse.microprofile..",
    "org.jboss.."
  };

  private JudgementBoundary() {}

  /** Fails with every offending dependency when a plain class under {@code basePackage} has one. */
  public static void check(String basePackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(basePackage);
    noClasses()
        .that()
        .resideOutsideOfPackages(WIRING)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS)
        .because("judgement stays in plain classes; beans in wiring packages only connect it")
        .check(classes);
  }
}

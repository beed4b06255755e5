package uk.csx.acceptance;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering the design relies on, checked on the compiled main classes of every module. */
class ArchitectureTest {
    private static final List<String> SERVICES = List.of("practices", "contracts", "billing", "gateway");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        Path project = Path.of(System.getProperty("csx.project.dir", "..")).toAbsolutePath().normalize();
        classes = new ClassFileImporter().importPaths(
                List.of("platform-http", "platform", "practices-service", "contracts-service", "billing-service", "gateway").stream()
                        .map(m -> project.resolve(m).resolve("target/classes")).toList());
    }

    @Test
    void servicesNeverDependOnEachOther() {
        for (String service : SERVICES) {
            for (String other : SERVICES) {
                if (!service.equals(other)) {
                    noClasses().that().resideInAPackage("uk.csx." + service + "..")
                            .should().dependOnClassesThat().resideInAPackage("uk.csx." + other + "..")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void thePlatformKnowsNoService() {
        noClasses().that().resideInAPackage("uk.csx.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("uk.csx.practices..", "uk.csx.contracts..", "uk.csx.billing..", "uk.csx.gateway..")
                .check(classes);
    }

    @Test
    void aServiceDomainDoesNotDependOnItsApiLayer() {
        for (String service : List.of("practices", "contracts", "billing")) {
            noClasses().that().resideInAPackage("uk.csx." + service + ".domain..")
                    .should().dependOnClassesThat().resideInAPackage("uk.csx." + service + ".api..")
                    .check(classes);
        }
    }
}

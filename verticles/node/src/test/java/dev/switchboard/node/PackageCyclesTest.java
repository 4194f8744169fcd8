package dev.switchboard.node;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layering of the whole code base, checked in the build: no import cycle between any two packages of
 * {@code dev.switchboard} (docs/architecture.md, "Layout"). The node's test classpath holds every module that ships,
 * so the production classes of all of them are read here (tests left out).
 */
class PackageCyclesTest {

  private static final JavaClasses SWITCHBOARD = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.switchboard");

  @Test
  @DisplayName("the check reads every module that ships: contract, cluster, the four verticles and the node")
  void readsEveryModule() {
    assertThat(SWITCHBOARD.getPackage("dev.switchboard").getSubpackagesInTree()).extracting(p -> p.getName())
        .contains("dev.switchboard.shared", "dev.switchboard.shared.cluster.rooms", "dev.switchboard.bridge",
            "dev.switchboard.broadcaster", "dev.switchboard.history", "dev.switchboard.processes", "dev.switchboard.node");
  }

  @Test
  @DisplayName("the packages of dev.switchboard depend on each other one way only: no cycle")
  void noPackageCycles() {
    slices().matching("dev.switchboard.(**)").should().beFreeOfCycles().check(SWITCHBOARD);
  }
}

package dev.vista;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages below {@code dev.vista} depend on each other one way only, so each concern can be changed (or moved to
 * a module of its own) without pulling in the rest. The API package {@code dev.vista} itself is not a slice: it
 * drives the internals, and they throw its exceptions and read its enums ({@code Backend}, {@code AttachProgress}).
 */
class PackageCyclesTest {
    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vista");

    @Test
    void thePackagesBelowTheApiHaveNoCycles() {
        slices().matching("dev.vista.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}

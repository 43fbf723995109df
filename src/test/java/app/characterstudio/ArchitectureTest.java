package app.characterstudio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules of architecture.md: JavaFX stays in ui, printing stays in cli, arrows point down. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.characterstudio");
    }

    @Test
    void onlyTheUserInterfaceUsesJavaFx() {
        noClasses().that().resideOutsideOfPackages("app.characterstudio.ui..")
                .and().doNotHaveFullyQualifiedName("app.characterstudio.Launcher")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLinePrints() {
        noClasses().that().resideOutsideOfPackages("app.characterstudio.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    @Test
    void servicesDoNotReachUpToTheFrontDoors() {
        noClasses().that().resideInAnyPackage("app.characterstudio.persona..", "app.characterstudio.script..",
                        "app.characterstudio.model..", "app.characterstudio.store..", "app.characterstudio.chat..",
                        "app.characterstudio.label..", "app.characterstudio.export..", "app.characterstudio.workspace..",
                        "app.characterstudio.reward..", "app.characterstudio.backend..", "app.characterstudio.bench..",
                        "app.characterstudio.scoring..", "app.characterstudio.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("app.characterstudio.ui..", "app.characterstudio.cli..")
                .check(classes);
    }

    @Test
    void lowerRoomsDoNotUseTheRoomsAboveThem() {
        noClasses().that().resideInAnyPackage("app.characterstudio.persona..", "app.characterstudio.script..",
                        "app.characterstudio.model..", "app.characterstudio.store..")
                .should().dependOnClassesThat().resideInAnyPackage("app.characterstudio.chat..",
                        "app.characterstudio.label..", "app.characterstudio.export..", "app.characterstudio.workspace..",
                        "app.characterstudio.reward..", "app.characterstudio.backend..", "app.characterstudio.scoring..",
                        "app.characterstudio.eval..")
                .check(classes);
    }

    @Test
    void scoringSitsAboveExportAndRewardAndOnlyTheFrontDoorsAndTheWorkspaceUseIt() {
        noClasses().that().resideInAnyPackage("app.characterstudio.chat..", "app.characterstudio.label..",
                        "app.characterstudio.export..", "app.characterstudio.reward..", "app.characterstudio.backend..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.scoring..")
                .check(classes);
        noClasses().that().resideInAnyPackage("app.characterstudio.chat..", "app.characterstudio.label..",
                        "app.characterstudio.export..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.reward..")
                .check(classes);
    }

    @Test
    void evaluationSitsBesideLabelAndExport() {
        noClasses().that().resideInAnyPackage("app.characterstudio.chat..", "app.characterstudio.label..",
                        "app.characterstudio.export..", "app.characterstudio.reward..", "app.characterstudio.backend..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.eval..")
                .check(classes);
        noClasses().that().resideInAPackage("app.characterstudio.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("app.characterstudio.label..",
                        "app.characterstudio.export..", "app.characterstudio.workspace..", "app.characterstudio.backend..")
                .check(classes);
    }

    @Test
    void evaluationReachesChatThroughOneSeam() {
        noClasses().that().resideInAPackage("app.characterstudio.eval..")
                .and().haveNameNotMatching("app\\.characterstudio\\.eval\\.ChatPromptAssembly(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.chat..")
                .check(classes);
    }

    @Test
    void theRewardRoomStandsOnTheModelOnly() {
        noClasses().that().resideInAPackage("app.characterstudio.reward..")
                .should().dependOnClassesThat().resideInAnyPackage("app.characterstudio.persona..",
                        "app.characterstudio.script..", "app.characterstudio.store..", "app.characterstudio.chat..",
                        "app.characterstudio.label..", "app.characterstudio.export..", "app.characterstudio.workspace..",
                        "app.characterstudio.backend..", "app.characterstudio.scoring..")
                .check(classes);
    }

    @Test
    void backendsPlugIntoChatFromAbove() {
        noClasses().that().resideInAnyPackage("app.characterstudio.chat..", "app.characterstudio.label..",
                        "app.characterstudio.export..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.backend..")
                .check(classes);
    }

    /** Only the backend package opens connections (its own HTTP/1.1 client, plain or TLS); nothing else talks HTTP. */
    @Test
    void onlyTheBackendRoomTalksHttp() {
        noClasses().that().resideOutsideOfPackage("app.characterstudio.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "javax.net.ssl..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.net.Socket.class, java.nio.channels.SocketChannel.class)
                .check(classes);
    }

    /** Chat reaches the model and the script library only through its ports; the workspace wires the adapters. */
    @Test
    void chatKnowsOnlyItsPorts() {
        noClasses().that().resideInAPackage("app.characterstudio.chat..")
                .should().dependOnClassesThat().resideInAnyPackage("app.characterstudio.model..",
                        "app.characterstudio.script..")
                .check(classes);
    }

    /** No package and its subpackages lean on each other (model and model.tokenizer, ui and ui.chat, ...). */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("app.characterstudio.(**)").should().beFreeOfCycles().check(classes);
    }

    /** The adapters are wired by the composition root; a view or a service never builds one. */
    @Test
    void onlyTheCompositionRootAndTheCommandLineUseTheAdapters() {
        noClasses().that().resideOutsideOfPackages("app.characterstudio.workspace..", "app.characterstudio.cli..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.workspace.adapters..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineRunsBenchmarks() {
        noClasses().that().resideOutsideOfPackages("app.characterstudio.cli..", "app.characterstudio.bench..")
                .should().dependOnClassesThat().resideInAPackage("app.characterstudio.bench..")
                .check(classes);
    }

    @Test
    void onlyTheStoreSpeaksSql() {
        noClasses().that().resideOutsideOfPackage("app.characterstudio.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
                .check(classes);
    }
}

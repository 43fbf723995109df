package app.characterstudio;

import app.characterstudio.cli.StudioCommand;
import app.characterstudio.ui.StudioApp;
import app.characterstudio.workspace.Installation;

/**
 * Entry point of {@code character-studio.jar}: with a command it is the command line, without one it
 * opens the window. Deliberately not a JavaFX {@code Application}, so the jar runs from the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        OfflineMode.enforce();
        Installation.current().useUserNativeCache();
        // A lambda rather than StudioApp::open: the method reference would load StudioApp, and with it JavaFX,
        // before any command runs; the command line then works without JavaFX on the class path (GPU proof kit).
        int exitCode = StudioCommand.run(args, workspace -> StudioApp.open(workspace));
        if (exitCode != StudioCommand.WINDOW_OPENED) {
            System.exit(exitCode);
        }
    }
}

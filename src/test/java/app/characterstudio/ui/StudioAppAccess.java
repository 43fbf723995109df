package app.characterstudio.ui;

import javafx.stage.Stage;

/** Lets tests in sub-packages dress a stage the way the studio does. */
public final class StudioAppAccess {
    private StudioAppAccess() {
    }

    public static void show(Stage stage, MainWindow window) {
        StudioApp.show(stage, window);
    }
}

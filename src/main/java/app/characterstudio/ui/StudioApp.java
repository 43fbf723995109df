package app.characterstudio.ui;

import app.characterstudio.ui.kit.Styles;
import app.characterstudio.ui.kit.TaskExecutor;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The studio window. Started through {@link #open(Workspace)} so the jar needs no module path. */
public final class StudioApp extends Application {
    private static volatile Workspace startupWorkspace;

    private Studio studio;
    private MainWindow window;

    /** Opens the window on {@code workspace}; returns when the window closes. */
    public static void open(Workspace workspace) {
        startupWorkspace = workspace;
        Application.launch(StudioApp.class);
    }

    @Override
    public void start(Stage stage) {
        Workspace workspace = startupWorkspace != null ? startupWorkspace : Workspace.open(java.nio.file.Path.of("."));
        studio = Studio.open(workspace);
        window = new MainWindow(studio, TaskExecutor.background());
        show(stage, window);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (studio != null) {
            studio.close();
        }
    }

    /** Dresses {@code stage} with the studio's theme, fonts and {@code window}. */
    static void show(Stage stage, MainWindow window) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(window.root(), 1280, 800);
        Styles.apply(scene);
        stage.setTitle("Character Studio — " + window.studio().workspace().root().getFileName());
        stage.setScene(scene);
        stage.setOnCloseRequest(event -> {
            if (!window.confirmClose()) {
                event.consume();
            }
        });
        stage.show();
    }
}

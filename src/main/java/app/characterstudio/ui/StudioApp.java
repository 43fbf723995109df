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
    private Stage stage;

    /** Opens the window on {@code workspace}; returns when the window closes. */
    public static void open(Workspace workspace) {
        startupWorkspace = workspace;
        Application.launch(StudioApp.class);
    }

    @Override
    public void start(Stage stage) {
        Workspace workspace = startupWorkspace != null ? startupWorkspace : Workspace.open(java.nio.file.Path.of("."));
        studio = Studio.open(workspace);
        TaskExecutor executor = TaskExecutor.background();
        window = new MainWindow(studio, executor);
        show(stage, window);
        executor.submit(() -> studio.viewMemory().windowSize(), size -> size.ifPresent(s -> {
            stage.setWidth(s.width());
            stage.setHeight(s.height());
        }), new javafx.beans.property.SimpleStringProperty());
        this.stage = stage;
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (studio != null && stage != null) {
            rememberWindowSize(studio, stage);
        }
        if (studio != null) {
            studio.close();
        }
    }

    /** Keeps the window's size for the next start; a read-only workspace keeps nothing. */
    static void rememberWindowSize(Studio studio, Stage stage) {
        try {
            studio.viewMemory().rememberWindowSize(stage.getWidth(), stage.getHeight());
        } catch (app.characterstudio.StudioException e) {
            // opened read-only: nothing is remembered, and nothing needs saying as the studio closes
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

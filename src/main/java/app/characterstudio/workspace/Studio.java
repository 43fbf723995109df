package app.characterstudio.workspace;

import app.characterstudio.model.run.ModelService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Database;

/**
 * The services of one open workspace, shared by the window and the command line. Services start
 * lazily, so a command that only reads persona files never opens the database.
 */
public final class Studio implements AutoCloseable {
    private final Workspace workspace;
    private PersonaRepository personas;
    private Database database;
    private ModelService models;

    private Studio(Workspace workspace) {
        this.workspace = workspace;
    }

    public static Studio open(Workspace workspace) {
        return new Studio(workspace);
    }

    public Workspace workspace() {
        return workspace;
    }

    public synchronized PersonaRepository personas() {
        if (personas == null) {
            personas = new PersonaRepository(workspace.charactersDir());
        }
        return personas;
    }

    public synchronized Database database() {
        if (database == null) {
            database = Database.open(workspace.databaseFile());
        }
        return database;
    }

    /** The models under {@code models/} and the one loaded model. */
    public synchronized ModelService models() {
        if (models == null) {
            models = new ModelService(workspace.modelsDir());
        }
        return models;
    }

    @Override
    public synchronized void close() {
        if (models != null) {
            models.close();
            models = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

package app.characterstudio.workspace;

import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.Database;

/**
 * The services of one open workspace, shared by the window and the command line. Services start
 * lazily, so a command that only reads persona files never opens the database.
 */
public final class Studio implements AutoCloseable {
    private final Workspace workspace;
    private PersonaRepository personas;
    private Database database;
    private ScriptLibrary scripts;

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

    public synchronized ScriptLibrary scripts() {
        if (scripts == null) {
            scripts = new ScriptLibrary(database(), workspace.indexDir());
        }
        return scripts;
    }

    @Override
    public synchronized void close() {
        if (scripts != null) {
            scripts.close();
            scripts = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

package app.characterstudio.workspace;

import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.label.LabelService;
import app.characterstudio.export.ExportService;
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
    private ChatPorts chatPorts = ChatPorts.offline();
    private ChatService chat;
    private LabelService labels;
    private ExportService exports;
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

    /** Chat sessions and replies, over the model, tokenizer and retriever set by {@link #useChatPorts}. */
    public synchronized ChatService chat() {
        if (chat == null) {
            chat = new ChatService(database(), personas(), chatPorts);
        }
        return chat;
    }

    /** Connects chat to a loaded model, tokenizer and script index (default: none of them). */
    public synchronized void useChatPorts(ChatPorts ports) {
        chatPorts = java.util.Objects.requireNonNull(ports, "ports");
        chat = null;
    }

    public synchronized LabelService labels() {
        if (labels == null) {
            labels = new LabelService(database());
        }
        return labels;
    }

    public synchronized ExportService exports() {
        if (exports == null) {
            exports = new ExportService(database(), personas(), workspace.exportsDir(), java.time.Clock.systemDefaultZone());
        }
        return exports;
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

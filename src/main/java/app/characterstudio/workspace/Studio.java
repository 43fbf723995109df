package app.characterstudio.workspace;

import app.characterstudio.StudioException;
import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendReplyGenerator;
import app.characterstudio.backend.Backends;
import app.characterstudio.backend.ReplySource;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.eval.ChatPromptAssembly;
import app.characterstudio.eval.EvalService;
import app.characterstudio.eval.ModelIdentity;
import app.characterstudio.export.ExportService;
import app.characterstudio.label.Guidelines;
import app.characterstudio.label.LabelBundles;
import app.characterstudio.label.LabelService;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.scoring.RewardScoring;
import app.characterstudio.script.CharacterFolderImport;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.Database;
import app.characterstudio.store.ModelStartupSettings;
import app.characterstudio.store.SettingsRepository;
import app.characterstudio.workspace.adapters.CurrentModelGenerator;
import app.characterstudio.workspace.adapters.CurrentModelTokenCounter;
import app.characterstudio.workspace.adapters.ScriptExchangeRetriever;
import java.time.Clock;
import java.util.Objects;

/**
 * The services of one open workspace, shared by the window and the command line. Services start
 * lazily, so a command that only reads persona files never opens the database.
 */
public final class Studio implements AutoCloseable {
    private final Workspace workspace;
    private final boolean readOnly;
    private PersonaRepository personas;
    private Database database;
    private ScriptLibrary scripts;
    private ModelService models;
    private ChatPorts chatPorts;
    private ReplySource chatReplies;
    private ReplySource evalReplies;
    private ChatService chat;
    private LabelService labels;
    private ExportService exports;
    private EvalService evals;

    private Studio(Workspace workspace, boolean readOnly) {
        this.workspace = workspace;
        this.readOnly = readOnly;
    }

    public static Studio open(Workspace workspace) {
        return new Studio(workspace, false);
    }

    /**
     * For work that only reads: the database is opened read-only (not checked, not migrated), so a
     * read-only workspace can still be listed, searched and exported from; a write is refused.
     */
    public static Studio openForReading(Workspace workspace) {
        return new Studio(workspace, true);
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
            database = readOnly ? Database.openReadOnly(workspace.databaseFile()) : Database.open(workspace.databaseFile());
        }
        return database;
    }

    /** Imported scripts and their Lucene index. */
    public synchronized ScriptLibrary scripts() {
        if (scripts == null) {
            scripts = new ScriptLibrary(database(), workspace.indexDir());
        }
        return scripts;
    }

    /** Persona import, including the model's own character files with their dialogues (scripts opened on need). */
    public CharacterFolderImport characterImport() {
        return new CharacterFolderImport(personas(), this::scripts);
    }

    /** The models under {@code models/} and the one loaded model. */
    public synchronized ModelService models() {
        if (models == null) {
            models = new ModelService(workspace.modelsDir());
        }
        return models;
    }

    /** Where the window was left: size, room, the Chat room's character and session (workspace settings). */
    public app.characterstudio.store.ViewMemory viewMemory() {
        return new app.characterstudio.store.ViewMemory(database());
    }

    /** Which model loads when the studio starts (workspace settings). */
    public ModelStartupSettings modelStartup() {
        return new ModelStartupSettings(database());
    }

    /**
     * Chat sessions and replies. Unless {@link #useChatPorts} says otherwise, replies come from
     * whichever model is loaded in {@link #models()} at the time, token counts from its tokenizer, and
     * retrieved exchanges from {@link #scripts()}.
     */
    public synchronized ChatService chat() {
        if (chat == null) {
            chat = new ChatService(database(), personas(), chatPorts != null ? chatPorts : workspacePorts());
        }
        return chat;
    }

    /** Connects chat to other ports than the workspace's own (tests, scripted generation). */
    public synchronized void useChatPorts(ChatPorts ports) {
        chatPorts = Objects.requireNonNull(ports, "ports");
        chat = null;
        evals = null;
    }

    public synchronized LabelService labels() {
        if (labels == null) {
            labels = new LabelService(database());
        }
        return labels;
    }

    /** Label bundles of several labelers and their agreement. */
    public LabelBundles labelBundles() {
        return new LabelBundles(database());
    }

    /** The inference servers named in the workspace (none: everything runs on the local engine). */
    public Backends backends() {
        return new Backends(new SettingsRepository(database()));
    }

    /** The labeling guidelines kept in the workspace. */
    public Guidelines guidelines() {
        return new Guidelines(workspace.guidelinesFile());
    }

    /** Reward-model scores of the stored replies, the models' suggestions and their agreement with the labels. */
    public RewardScoring rewardScoring() {
        return new RewardScoring(database(), personas(), labels());
    }

    public synchronized ExportService exports() {
        if (exports == null) {
            exports = new ExportService(database(), personas(), workspace.exportsDir(), Clock.systemDefaultZone());
        }
        return exports;
    }

    /** Evaluation sets, runs, scores and reports; runs answer with whatever {@link #chat()} generates with. */
    public synchronized EvalService evals() {
        if (evals == null) {
            evals = new EvalService(database(), personas(), this::scripts, new ChatPromptAssembly(chat()));
        }
        return evals;
    }

    @Override
    public synchronized void close() {
        if (models != null) {
            models.close();
            models = null;
        }
        if (scripts != null) {
            scripts.close();
            scripts = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** Counts with whichever model is loaded at the time (the character estimate while none is). */
    public TokenCounter modelTokenCounter() {
        return new CurrentModelTokenCounter(models());
    }

    private ChatPorts workspacePorts() {
        return portsWith(chatReplies(), new CurrentModelTokenCounter(models()));
    }

    /**
     * Where the chat's replies come from: the loaded model unless the Chat room chose a backend (the command line
     * never restores that choice, so its chat stays on the local engine unless told {@code --backend}).
     */
    public synchronized ReplySource chatReplies() {
        if (chatReplies == null) {
            chatReplies = new ReplySource("chat", new CurrentModelGenerator(models()), new SettingsRepository(database()));
        }
        return chatReplies;
    }

    /**
     * Where the Evaluate room's runs are answered: the loaded model unless the room chose a backend (setting
     * {@code replies.eval}, restored only by the window, as the Chat room's is).
     */
    public synchronized ReplySource evalReplies() {
        if (evalReplies == null) {
            evalReplies = new ReplySource("eval", new CurrentModelGenerator(models()), new SettingsRepository(database()));
        }
        return evalReplies;
    }

    /** Whether runs started in the window follow {@link #evalReplies()}: not while other chat ports are in use. */
    public synchronized boolean evalRunsFollowTheirRoom() {
        return chatPorts == null;
    }

    /**
     * What answers an evaluation run started now in the window, fixed for the whole run: the backend the Evaluate
     * room chose, else the loaded model (while {@link #useChatPorts} gave other ports: those, as the loaded model).
     * Hashes the loaded model's weights: call it off the FX thread.
     *
     * @throws StudioException when the loaded model is to answer and none is loaded
     */
    public EvalRunner evalRunner() {
        if (!evalRunsFollowTheirRoom()) {
            return new EvalRunner(evals(), loadedModelIdentity(), null);
        }
        ReplySource.Fixed source = evalReplies().fixed();
        EvalService evals = new EvalService(database(), personas(), this::scripts, new ChatPromptAssembly(new ChatService(
                database(), personas(), portsWith(source.generator(), new CurrentModelTokenCounter(models())))));
        if (source.backend().isEmpty()) {
            return new EvalRunner(evals, loadedModelIdentity(), null);
        }
        Backend backend = source.backend().get();
        String described = BackendReplyGenerator.runDescription(backend);
        return new EvalRunner(evals, ModelIdentity.ofServer(BackendReplyGenerator.provenance(backend), described),
                described);
    }

    /**
     * An evaluation run's answerer: the service whose generator answers it, and what the run records of it.
     *
     * @param backendJson the backend's description ({@link BackendReplyGenerator#runDescription}), or null for the
     *                    local engine
     */
    public record EvalRunner(EvalService evals, ModelIdentity model, String backendJson) {
    }

    private ModelIdentity loadedModelIdentity() {
        LoadedModel loaded = models().current().orElseThrow(() -> new StudioException(
                "No model is loaded: load the model to evaluate in the Model room first, or choose a backend."));
        return ModelIdentity.of(loaded.folder(), loaded.format());
    }

    /** The workspace's script retrieval with another generator and token counter (an inference server's). */
    public ChatPorts portsWith(ReplyGenerator generator, TokenCounter tokenCounter) {
        return new ChatPorts(generator, tokenCounter, new ScriptExchangeRetriever(scripts()));
    }
}

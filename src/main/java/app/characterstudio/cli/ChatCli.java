package app.characterstudio.cli;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendReplyGenerator;
import app.characterstudio.backend.CompletionsClient;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.workspace.adapters.TokenizerTokenCounter;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.chat.ChatService;
import app.characterstudio.label.Label;
import app.characterstudio.store.Candidate;
import app.characterstudio.workspace.Studio;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.LoadedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What the chat, session, label and candidates commands share. */
final class ChatCli {
    private ChatCli() {
    }

    /** The workspace's chat service; {@code ports} (tests, or a model loaded by the command) replace the defaults. */
    static ChatService chat(CommandSpec spec, ChatPorts ports) {
        Studio studio = StudioCommand.studioOf(spec);
        if (ports != null) {
            studio.useChatPorts(ports);
        }
        return studio.chat();
    }

    /**
     * Loads {@code modelDir} (a path, or a folder name under the workspace's models/) into the workspace's model service (replies, exact token counts and the
     * context length then come from it), saying on {@code out} what was loaded and where it runs.
     */
    static void loadModel(CommandSpec spec, Path modelDir, PrintWriter out) {
        LoadedModel model = StudioCommand.studioOf(spec).models()
                .load(ModelCommand.resolveModelDir(spec, modelDir), LoadOptions.DEFAULTS, LoadProgress.IGNORE,
                        Cancellation.NEVER);
        out.println("Model " + model.name() + " loaded on " + model.device().label() + " ("
                + model.device().reason() + "), " + model.precision() + ".");
        out.flush();
    }

    /** The tokenizer of {@code modelDir} alone (no weights), or null when no folder was given. */
    static Tokenizer tokenizerOf(CommandSpec spec, Path modelDir) {
        return modelDir == null ? null
                : Tokenizer.open(ModelFolder.open(ModelCommand.resolveModelDir(spec, modelDir)).tokenizerFile());
    }

    /**
     * The workspace's chat ports with replies from backend {@code name}; prompt tokens are counted by {@code tokenizer}
     * (the model folder's, whose context length bounds the prompt), or estimated from characters when it is null.
     */
    static ChatPorts backendPorts(CommandSpec spec, String name, Path modelDir, Tokenizer tokenizer) {
        return backendPorts(spec, name, modelDir, tokenizer, spec.commandLine().getOut());
    }

    /** As above, saying where replies come from on {@code out} (stderr where stdout carries JSON). */
    static ChatPorts backendPorts(CommandSpec spec, String name, Path modelDir, Tokenizer tokenizer, PrintWriter out) {
        Studio studio = StudioCommand.studioOf(spec);
        Backend backend = studio.backends().get(name);
        TokenCounter counter;
        if (tokenizer == null) {
            counter = TokenCounter.characterEstimate();
            out.println("Prompt tokens are estimated from characters; give --model DIR to count them with the "
                    + "model's tokenizer.");
        } else {
            counter = new TokenizerTokenCounter(tokenizer,
                    ModelFolder.open(ModelCommand.resolveModelDir(spec, modelDir)).config().maxPositions());
        }
        out.println("Replies come from backend " + backend.name() + " (" + backend.model() + ").");
        out.flush();
        return studio.portsWith(new BackendReplyGenerator(CompletionsClient.of(backend)), counter);
    }

    /** One line per reply: number, origin, label mark, text on one line. */
    static List<String> candidateLines(List<Candidate> candidates, Label label) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            lines.add("[" + (i + 1) + "] " + mark(candidate, label) + origin(candidate, candidates) + oneLine(candidate.text()));
        }
        return lines;
    }

    static String mark(Candidate candidate, Label label) {
        if (label == null) {
            return "";
        }
        if (Long.valueOf(candidate.id()).equals(label.chosenCandidateId())) {
            return "(chosen) ";
        }
        return label.rejected().contains(candidate.id()) ? "(rejected) " : "";
    }

    static String origin(Candidate candidate, List<Candidate> siblings) {
        return switch (candidate.origin()) {
            case MODEL -> "";
            case HUMAN -> "(written) ";
            case EDIT -> {
                int original = -1;
                for (int i = 0; i < siblings.size(); i++) {
                    if (Long.valueOf(siblings.get(i).id()).equals(candidate.editedFromId())) {
                        original = i + 1;
                    }
                }
                yield original > 0 ? "(edit of " + original + ") " : "(edit) ";
            }
        };
    }

    static String oneLine(String text) {
        return text.replace("\r", "").replace("\n", " ⏎ ");
    }
}

package app.characterstudio.cli;

import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.store.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a character in the terminal and label the replies.",
            "Type a message to send it; type /help for the commands (/choose, /reject, /edit, /write, ...)."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--character", required = true, paramLabel = "ID", description = "The character to chat with.")
    String characterId;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder (a path, or a folder name under models/) to generate replies with, loaded for this "
                    + "session; token counts come from its tokenizer. Without it, write replies by hand with /write.")
    Path modelDir;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Replies come from this inference server (see backend add) instead of the local engine; "
                    + "--model then lends only its tokenizer (prompt token counts), no weights are loaded.")
    String backendName;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "3",
            description = "Replies generated per message (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "user",
            description = "Your name in the prompt (default: ${DEFAULT-VALUE}).")
    String userName;

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session instead of starting one.")
    Long sessionId;

    @Mixin
    SamplingOptions samplingOptions = new SamplingOptions();

    /** Where typed lines come from; tests set another stream. */
    InputStream input = System.in;
    /** The model, tokenizer and retriever to use instead of the workspace's; tests set a fake. */
    ChatPorts ports;

    @Override
    public Integer call() {
        if (candidates < 1 || candidates > 16) {
            throw new ChatException("--candidates must be between 1 and 16, not " + candidates + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (backendName != null && ports == null) {
            try (Tokenizer tokenizer = ChatCli.tokenizerOf(spec, modelDir)) {
                return chat(ChatCli.chat(spec, ChatCli.backendPorts(spec, backendName, modelDir, tokenizer)), out);
            }
        }
        if (modelDir != null && ports == null) {
            ChatCli.loadModel(spec, modelDir, out);
        }
        return chat(ChatCli.chat(spec, ports), out);
    }

    private int chat(ChatService chat, PrintWriter out) {
        Session session = sessionId == null ? chat.startSession(characterId, userName)
                : chat.sessions(null).stream().filter(s -> s.id() == sessionId).findFirst()
                        .orElseThrow(() -> new ChatException("There is no session " + sessionId + "."));
        if (!session.characterId().equals(characterId)) {
            throw new ChatException("Session " + session.id() + " is with '" + session.characterId() + "', not '"
                    + characterId + "'.");
        }
        SamplingSettings sampling = samplingOptions.settings();
        ChatShell shell = new ChatShell(chat, StudioCommand.studioOf(spec).labels(), session, candidates, sampling, out);
        shell.greet();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!shell.handle(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("Session " + session.id() + " saved.");
        out.flush();
        return 0;
    }
}

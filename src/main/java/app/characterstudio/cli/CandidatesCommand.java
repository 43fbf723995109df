package app.characterstudio.cli;

import app.characterstudio.backend.Backend;
import app.characterstudio.backend.BackendReplyGenerator;
import app.characterstudio.backend.CompletionsClient;
import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.store.Turn;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.adapters.TokenizerTokenCounter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "candidates", mixinStandardHelpOptions = true,
        description = "Fill sessions with generated replies for later labeling.",
        subcommands = {CandidatesCommand.Generate.class})
final class CandidatesCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"For each line of a JSON Lines file, start a session with the character, send the message "
                + "and store N generated replies.",
                "Each line: {\"message\": \"...\"} (\"prompt\" and \"user\" are accepted too). Needs a loaded model.",
                "Each session is titled by its input line (prompts.jsonl line 3): running the same input again adds no "
                + "session, and fills the messages an interrupted run left with fewer than N replies."})
    static final class Generate implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", required = true, paramLabel = "ID", description = "The character.")
        String characterId;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "prompts.jsonl")
        Path input;

        @Option(names = "--candidates", paramLabel = "N", defaultValue = "4",
                description = "Replies per message (default: ${DEFAULT-VALUE}).")
        int candidates;

        @Mixin
        SamplingOptions samplingOptions = new SamplingOptions();

        @Option(names = "--user", paramLabel = "NAME", defaultValue = "user", description = "The user's name in prompts.")
        String userName;

        @Option(names = "--model", paramLabel = "DIR",
                description = {"Model folder to generate with: a path, or a folder name under models/ (e.g. Index-1.9B-Character).",
                        "With --backend only its tokenizer.model is read, to count prompt tokens; its weights are not loaded."})
        Path modelDir;

        @Option(names = "--backend", paramLabel = "NAME",
                description = "Generate on this inference server (see backend add) instead of the local engine. "
                        + "Replies keep SERVED_MODEL@NAME as their model name.")
        String backendName;

        /** Replaces the workspace's model and retrieval (tests set a fake generator). */
        ChatPorts ports;

        @Override
        public void run() {
            if (candidates < 1 || candidates > 16) {
                throw new ChatException("--candidates must be between 1 and 16, not " + candidates + ".");
            }
            if (modelDir == null && backendName == null) {
                throw new ChatException("candidates generate needs --model DIR (the local engine) or --backend NAME.");
            }
            List<InputLine> messages = readMessages(input);
            if (backendName != null && ports == null) {
                try (Tokenizer tokenizer = modelDir == null ? null : openTokenizer()) {
                    generate(messages, backendPorts(tokenizer));
                }
                return;
            }
            if (ports == null) {
                ChatCli.loadModel(spec, modelDir, spec.commandLine().getOut());
            }
            generate(messages, ports);
        }

        private Tokenizer openTokenizer() {
            return Tokenizer.open(ModelFolder.open(ModelCommand.resolveModelDir(spec, modelDir)).tokenizerFile());
        }

        private ChatPorts backendPorts(Tokenizer tokenizer) {
            Studio studio = StudioCommand.studioOf(spec);
            Backend backend = studio.backends().get(backendName);
            PrintWriter out = spec.commandLine().getOut();
            TokenCounter counter;
            if (tokenizer == null) {
                counter = TokenCounter.characterEstimate();
                out.println("Prompt tokens are estimated from characters; give --model DIR to count them with the "
                        + "model's tokenizer.");
            } else {
                counter = new TokenizerTokenCounter(tokenizer,
                        ModelFolder.open(ModelCommand.resolveModelDir(spec, modelDir)).config().maxPositions());
            }
            out.println("Generating on backend " + backend.name() + " (" + backend.model() + ").");
            out.flush();
            return studio.portsWith(new BackendReplyGenerator(CompletionsClient.of(backend)), counter);
        }

        private void generate(List<InputLine> messages, ChatPorts chosenPorts) {
            ChatService chat = ChatCli.chat(spec, chosenPorts);
            chat.persona(characterId);
            if (!chat.modelAvailable()) {
                throw new ChatException("candidates generate needs a loaded model, and none is loaded. "
                        + "Nothing was written.");
            }
            SamplingSettings sampling = samplingOptions.settings();
            PrintWriter out = spec.commandLine().getOut();
            int stored = 0;
            int complete = 0;
            for (int i = 0; i < messages.size(); i++) {
                InputLine line = messages.get(i);
                Turn turn = chat.openingTurn(characterId, input.getFileName() + " line " + line.number(), userName,
                        line.message());
                int existing = chat.replies(turn.id()).size();
                String where = "[" + (i + 1) + "/" + messages.size() + "] session " + turn.sessionId() + ", turn "
                        + turn.id() + ": ";
                if (existing >= candidates) {
                    complete++;
                    out.println(where + "already has " + existing + " replies");
                    out.flush();
                    continue;
                }
                GenerationResult result = chat.generate(turn.id(), candidates - existing, sampling,
                        ReplyGenerator.ReplyStream.IGNORE, () -> Thread.currentThread().isInterrupted());
                stored += result.candidates().size();
                out.println(where + result.candidates().size() + " replies" + (existing > 0 ? " added to " + existing : ""));
                out.flush();
            }
            out.println("Stored " + stored + " replies in " + (messages.size() - complete) + " sessions for "
                    + characterId + "." + (complete > 0 ? " " + complete + " sessions already had theirs." : ""));
            out.flush();
        }

        /** A message and the line of the input it is on (1-based). */
        record InputLine(int number, String message) {
        }

        /** Reads and checks every line before anything is written. */
        static List<InputLine> readMessages(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ChatException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            ObjectMapper mapper = new ObjectMapper();
            List<InputLine> messages = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String where = file + " line " + (i + 1);
                JsonNode node;
                try {
                    node = mapper.readTree(line);
                } catch (IOException e) {
                    throw new ChatException(where + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
                }
                JsonNode message = node == null ? null : node.isObject() ? first(node, "message", "prompt", "user") : null;
                if (message == null || !message.isTextual() || message.asText().isBlank()) {
                    throw new ChatException(where + ": expected an object with a non-empty \"message\" string, like "
                            + "{\"message\": \"你好\"}.");
                }
                messages.add(new InputLine(i + 1, message.asText()));
            }
            if (messages.isEmpty()) {
                throw new ChatException(file + " has no messages.");
            }
            return messages;
        }

        private static JsonNode first(JsonNode node, String... names) {
            for (String name : names) {
                if (node.has(name)) {
                    return node.get(name);
                }
            }
            return null;
        }
    }
}

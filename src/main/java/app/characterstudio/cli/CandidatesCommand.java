package app.characterstudio.cli;

import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
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

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
                description = {"Messages in flight at once (default: ${DEFAULT-VALUE}). With --backend, up to the backend's "
                        + "concurrency keeps its servers busy; the local engine takes 1.",
                        "A failure stops the messages not yet started; the ones in flight are kept."})
        int parallel;

        /** Replaces the workspace's model and retrieval (tests set a fake generator). */
        ChatPorts ports;

        @Override
        public void run() {
            if (candidates < 1 || candidates > 16) {
                throw new ChatException("--candidates must be between 1 and 16, not " + candidates + ".");
            }
            if (parallel < 1 || parallel > app.characterstudio.backend.Backend.MAX_CONCURRENCY) {
                throw new ChatException("--parallel must be between 1 and "
                        + app.characterstudio.backend.Backend.MAX_CONCURRENCY + ", not " + parallel + ".");
            }
            if (parallel > 1 && backendName == null) {
                throw new ChatException("--parallel above 1 needs --backend: the local engine generates one message at a time.");
            }
            if (modelDir == null && backendName == null) {
                throw new ChatException("candidates generate needs --model DIR (the local engine) or --backend NAME.");
            }
            List<InputLine> messages = readMessages(input);
            if (backendName != null && ports == null) {
                try (Tokenizer tokenizer = ChatCli.tokenizerOf(spec, modelDir)) {
                    generate(messages, ChatCli.backendPorts(spec, backendName, modelDir, tokenizer));
                }
                return;
            }
            if (ports == null) {
                ChatCli.loadModel(spec, modelDir, spec.commandLine().getOut());
            }
            generate(messages, ports);
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
            List<Outcome> outcomes = parallel == 1 ? inTurn(chat, messages, sampling, out)
                    : inParallel(chat, messages, sampling, out);
            int stored = outcomes.stream().mapToInt(Outcome::stored).sum();
            long complete = outcomes.stream().filter(Outcome::alreadyComplete).count();
            out.println("Stored " + stored + " replies in " + (messages.size() - complete) + " sessions for "
                    + characterId + "." + (complete > 0 ? " " + complete + " sessions already had theirs." : ""));
            out.flush();
        }

        /** What became of one message: replies stored now, or none because it had them all already. */
        private record Outcome(int stored, boolean alreadyComplete) {
        }

        private List<Outcome> inTurn(ChatService chat, List<InputLine> messages, SamplingSettings sampling,
                                     PrintWriter out) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                outcomes.add(one(chat, messages, i, sampling, out));
            }
            return outcomes;
        }

        /**
         * {@code --parallel} messages in flight at once. The first failure stops messages not yet started; those in
         * flight finish and are kept, so running the command again continues after them.
         */
        private List<Outcome> inParallel(ChatService chat, List<InputLine> messages, SamplingSettings sampling,
                                         PrintWriter out) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < messages.size(); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        if (failure.get() != null) {
                            return new Outcome(0, false);
                        }
                        try {
                            return one(chat, messages, index, sampling, out);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            throw e;
                        }
                    }));
                }
                List<Outcome> outcomes = new ArrayList<>();
                for (java.util.concurrent.Future<Outcome> future : futures) {
                    try {
                        outcomes.add(future.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        outcomes.add(new Outcome(0, false));
                    }
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                return outcomes;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChatException("Stopped; the messages already answered are kept, run the command again to go on.");
            } finally {
                pool.shutdownNow();
            }
        }

        private Outcome one(ChatService chat, List<InputLine> messages, int i, SamplingSettings sampling, PrintWriter out) {
            InputLine line = messages.get(i);
            Turn turn = chat.openingTurn(characterId, input.getFileName() + " line " + line.number(), userName,
                    line.message());
            int existing = chat.replies(turn.id()).size();
            String where = "[" + (i + 1) + "/" + messages.size() + "] session " + turn.sessionId() + ", turn "
                    + turn.id() + ": ";
            if (existing >= candidates) {
                print(out, where + "already has " + existing + " replies");
                return new Outcome(0, true);
            }
            GenerationResult result = chat.generate(turn.id(), candidates - existing, sampling,
                    ReplyGenerator.ReplyStream.IGNORE, () -> Thread.currentThread().isInterrupted());
            print(out, where + result.candidates().size() + " replies" + (existing > 0 ? " added to " + existing : ""));
            return new Outcome(result.candidates().size(), false);
        }

        private static void print(PrintWriter out, String line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
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

package app.characterstudio.cli;

import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.Conversation;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.workspace.Studio;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "session", mixinStandardHelpOptions = true,
        description = "List, show and export chat sessions.",
        subcommands = {SessionCommand.ListSessions.class, SessionCommand.Show.class, SessionCommand.ExportJson.class})
final class SessionCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, most recent first.")
    static final class ListSessions implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Option(names = "--character", paramLabel = "ID", description = "Only this character's sessions.")
        String characterId;

        @Mixin
        JsonOutput output = new JsonOutput();

        @Override
        public void run() {
            Studio studio = StudioCommand.studioOf(spec);
            ChatService chat = studio.chat();
            List<Summary> summaries = chat.sessions(characterId).stream().map(s -> {
                Conversation conversation = chat.outline(s.id());
                List<Label> labels = studio.labels().ofSession(s.id());
                return new Summary(s.id(), s.characterId(), s.userName(), conversation.turns().size(),
                        conversation.candidates().size(), (int) labels.stream().filter(Label::hasChoice).count(),
                        s.updatedAt(), conversation.rootTurns().isEmpty() ? "" : conversation.rootTurns().get(0).userText());
            }).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(summaries));
            } else if (summaries.isEmpty()) {
                out.println("No sessions yet. Start one with: chat --character ID");
            } else {
                summaries.forEach(s -> out.println(s.id() + "\t" + s.characterId() + "\t" + s.turns() + " turns\t"
                        + s.replies() + " replies\t" + s.labeledTurns() + " labeled\t" + ChatCli.oneLine(s.firstMessage())));
            }
            out.flush();
        }
    }

    record Summary(long id, String characterId, String userName, int turns, int replies, int labeledTurns,
                   long updatedAt, String firstMessage) {
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a session's conversation tree and labels.")
    static final class Show implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The session.")
        long sessionId;

        @Option(names = "--json", description = "Print JSON (as export-json).")
        boolean json;

        @Override
        public void run() {
            Studio studio = StudioCommand.studioOf(spec);
            Conversation conversation = conversation(studio, sessionId);
            List<Label> labels = studio.labels().ofSession(sessionId);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(SessionExport.of(conversation, labels)));
            } else {
                Session s = conversation.session();
                out.println("Session " + s.id() + " with " + s.characterId() + " (user name: " + s.userName() + ")");
                Map<Long, Label> byTurn = labels.stream().collect(Collectors.toMap(Label::turnId, Function.identity()));
                for (Turn root : conversation.rootTurns()) {
                    printTurn(out, conversation, byTurn, root, "");
                }
            }
            out.flush();
        }

        private static void printTurn(PrintWriter out, Conversation conversation, Map<Long, Label> labels, Turn turn,
                                      String indent) {
            Label label = labels.get(turn.id());
            out.println(indent + "turn " + turn.id() + "  user: " + ChatCli.oneLine(turn.userText())
                    + (label != null && label.safetyCase() ? "  [safety case]" : ""));
            List<Candidate> replies = conversation.candidatesOf(turn.id());
            for (int i = 0; i < replies.size(); i++) {
                Candidate reply = replies.get(i);
                out.println(indent + "  reply " + reply.id() + "  " + ChatCli.mark(reply, label)
                        + ChatCli.origin(reply, replies) + ChatCli.oneLine(reply.text()));
                for (Turn next : conversation.turnsAfter(reply.id())) {
                    printTurn(out, conversation, labels, next, indent + "    ");
                }
            }
            if (label != null && (!label.allReasons().isEmpty() || !label.rationale().isEmpty())) {
                out.println(indent + "  reasons: " + LabelCommand.reasonsText(label)
                        + (label.rationale().isEmpty() ? "" : "  note: " + label.rationale()));
            }
        }
    }

    @Command(name = "export-json", mixinStandardHelpOptions = true,
            description = "Write a session with every reply, prompt and label as JSON.")
    static final class ExportJson implements Runnable, ReadsOnly {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The session.")
        long sessionId;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of printing.")
        Path output;

        @Override
        public void run() {
            Studio studio = StudioCommand.studioOf(spec);
            String json = Json.write(SessionExport.of(conversation(studio, sessionId), studio.labels().ofSession(sessionId)));
            PrintWriter out = spec.commandLine().getOut();
            if (output == null) {
                out.println(json);
            } else {
                try {
                    Path target = output.toAbsolutePath();
                    Files.createDirectories(target.getParent());
                    PersonaRepository.writeAtomically(target, (json + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new ChatException("Cannot write " + output + ": " + e.getMessage(), e);
                }
                out.println("Wrote session " + sessionId + " to " + output);
            }
            out.flush();
        }
    }

    static Conversation conversation(Studio studio, long sessionId) {
        if (studio.chat().sessions(null).stream().noneMatch(s -> s.id() == sessionId)) {
            throw new ChatException("There is no session " + sessionId + ". List them with: session list");
        }
        return studio.chat().conversation(sessionId);
    }

    static LabelService labels(Studio studio) {
        return studio.labels();
    }
}

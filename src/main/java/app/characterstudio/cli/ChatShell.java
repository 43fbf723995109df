package app.characterstudio.cli;

import app.characterstudio.StudioException;
import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatCursor;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.label.Label;
import app.characterstudio.label.LabelService;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The interactive loop of {@code chat}: one typed line at a time. */
final class ChatShell {
    static final String HELP = String.join("\n",
            "Type a message and press Enter to send it. Commands:",
            "  /choose N         choose reply N (the conversation goes on from it)",
            "  /reject N [M...]  reject replies (again to take a rejection back)",
            "  /reason TAG...    toggle reasons: " + String.join(", ", java.util.Arrays.stream(ReasonTag.values()).map(ReasonTag::tag).toList()),
            "  /note TEXT        why (free text)",
            "  /rank N M ...     rank replies, best first",
            "  /safety           toggle: this turn is a safety case",
            "  /edit N TEXT      edit reply N (kept as a new reply)",
            "  /write TEXT       write a reply by hand",
            "  /regen            generate more replies for this message",
            "  /branch [N]       next message replaces this one (or follows reply N without choosing it)",
            "  /show             show this message and its replies",
            "  /prompt           show the prompt the model sees for this message",
            "  /help             this list",
            "  /quit             leave (everything is already saved)");

    private final ChatService chat;
    private final LabelService labels;
    private final Session session;
    private final int count;
    private final SamplingSettings sampling;
    private final PrintWriter out;
    private final ChatCursor cursor = new ChatCursor();
    private Label label;
    private long shownAt = System.currentTimeMillis();

    ChatShell(ChatService chat, LabelService labels, Session session, int count, SamplingSettings sampling, PrintWriter out) {
        this.chat = chat;
        this.labels = labels;
        this.session = session;
        this.count = count;
        this.sampling = sampling;
        this.out = out;
        chat.outline(session.id()).latestTurn().ifPresent(this::enter);
    }

    void greet() {
        String name = chat.persona(session.characterId()).name();
        out.println("Session " + session.id() + " with " + name + (chat.modelAvailable()
                ? " (model: " + chat.ports().generator().modelName() + ", " + count + " replies per message)."
                : ". No model is loaded: write each reply with /write TEXT."));
        out.println("Type /help for the commands.");
        out.flush();
    }

    /** Handles one typed line; false when the session should end. */
    boolean handle(String line) {
        String text = line.strip();
        try {
            if (text.isEmpty()) {
                return true;
            }
            if (!text.startsWith("/")) {
                send(text);
                return true;
            }
            String[] parts = text.split("\\s+", 2);
            String argument = parts.length > 1 ? parts[1].strip() : "";
            switch (parts[0]) {
                case "/quit", "/exit" -> {
                    return false;
                }
                case "/help", "/?" -> out.println(HELP);
                case "/choose" -> choose(number(argument));
                case "/reject" -> reject(numbers(argument));
                case "/reason" -> reasons(argument);
                case "/note" -> {
                    saveLabel(label.withRationale(argument));
                    out.println("Note saved.");
                }
                case "/rank" -> saveLabel(label.withRanking(numbers(argument).stream().map(n -> reply(n).id()).toList()));
                case "/safety" -> {
                    saveLabel(label.withSafetyCase(!label.safetyCase()));
                    out.println("Safety case: " + (label.safetyCase() ? "yes" : "no") + ".");
                }
                case "/edit" -> edit(argument);
                case "/write" -> write(argument);
                case "/regen" -> regenerate();
                case "/branch" -> branch(argument);
                case "/show" -> show();
                case "/prompt" -> prompt();
                default -> out.println("Unknown command " + parts[0] + ". Type /help for the list.");
            }
        } catch (StudioException | IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
        }
        out.flush();
        return true;
    }

    private void send(String text) {
        ChatCursor.NextMessage next = cursor.next();
        if (!next.possible()) {
            out.println(replies().isEmpty()
                    ? "This message has no reply yet: write one with /write TEXT first."
                    : "Choose a reply first (/choose N), or /branch N to go on from one without choosing it.");
            return;
        }
        Turn turn = chat.say(session.id(), next.parentReplyId(), text);
        enter(turn);
        if (chat.modelAvailable()) {
            generate();
        } else {
            out.println("No model is loaded: write the reply with /write TEXT.");
        }
    }

    private void generate() {
        int[] streaming = {-1};
        GenerationResult result = chat.generate(cursor.current().id(), count, sampling, (index, delta) -> {
            if (index != streaming[0]) {
                out.print((streaming[0] >= 0 ? "\n" : "") + "[" + (replies().size() + index + 1) + "] ");
                streaming[0] = index;
            }
            out.print(delta);
            out.flush();
        }, () -> false);
        if (streaming[0] >= 0) {
            out.println();
        }
        shownAt = System.currentTimeMillis();
        if (result.cancelled()) {
            out.println("Generation was cancelled; nothing was stored.");
        } else {
            show();
        }
    }

    private void regenerate() {
        requireTurn();
        if (!chat.modelAvailable()) {
            out.println("No model is loaded, so nothing can be regenerated: write a reply with /write TEXT.");
            return;
        }
        generate();
    }

    private void choose(int number) {
        Candidate reply = reply(number);
        saveLabel(label.withChosen(reply.id()));
        cursor.goOnFrom(reply.id());
        out.println("Chose [" + number + "]. Type your next message.");
    }

    private void reject(List<Integer> numbers) {
        Label next = label;
        for (int number : numbers) {
            next = next.withRejectionToggled(reply(number).id());
        }
        saveLabel(next);
        List<Candidate> replies = replies();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (label.rejected().contains(replies.get(i).id())) {
                rejected.add(String.valueOf(i + 1));
            }
        }
        out.println("Rejected: " + (rejected.isEmpty() ? "none" : String.join(", ", rejected)) + ".");
    }

    private void reasons(String argument) {
        Label next = label;
        for (String tag : argument.split("[\\s,]+")) {
            if (!tag.isBlank()) {
                next = next.withReasonToggled(ReasonTag.parse(tag));
            }
        }
        saveLabel(next);
        out.println("Reasons: " + (label.allReasons().isEmpty() ? "none" : LabelCommand.reasonsText(label)));
    }

    private void edit(String argument) {
        String[] parts = argument.split("\\s+", 2);
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("Usage: /edit N TEXT");
        }
        chat.editReply(reply(number(parts[0])).id(), parts[1]);
        show();
    }

    private void write(String argument) {
        requireTurn();
        chat.writeReply(cursor.current().id(), argument);
        show();
    }

    private void branch(String argument) {
        requireTurn();
        if (argument.isEmpty()) {
            cursor.branchHere();
            out.println("Your next message replaces \"" + ChatCli.oneLine(cursor.current().userText()) + "\" as a new branch.");
        } else {
            cursor.branchFrom(reply(number(argument)).id());
            out.println("Your next message follows reply [" + argument + "] as a new branch.");
        }
    }

    private void show() {
        requireTurn();
        out.println(session.userName() + ": " + ChatCli.oneLine(cursor.current().userText()));
        ChatCli.candidateLines(replies(), label).forEach(out::println);
    }

    private void prompt() {
        requireTurn();
        BuiltPrompt prompt = chat.promptFor(cursor.current().id(), sampling.maxNewTokens());
        out.println(prompt.text());
        out.println("-- " + prompt.tokenCount() + (prompt.tokenCountEstimated() ? " tokens (estimated from characters)" : " tokens")
                + " of " + prompt.budgetTokens() + "; " + prompt.exchanges().size() + " script exchanges; "
                + prompt.droppedHistoryLines().size() + " old lines left out");
        for (RetrievedDialogue exchange : prompt.exchanges()) {
            out.println("   " + exchange.source() + " lines " + exchange.firstLine() + "-" + exchange.lastLine()
                    + " (score " + exchange.score() + ")");
        }
    }

    private void enter(Turn turn) {
        label = labels.find(turn.id()).orElse(Label.empty(turn.id()));
        cursor.enter(turn, label.chosenCandidateId());
        shownAt = System.currentTimeMillis();
    }

    private void saveLabel(Label next) {
        requireTurn();
        label = labels.save(next.withTimeSpent(Math.max(0, System.currentTimeMillis() - shownAt)));
    }

    private List<Candidate> replies() {
        if (cursor.current() == null) {
            return List.of();
        }
        return chat.replies(cursor.current().id());
    }

    private Candidate reply(int number) {
        List<Candidate> replies = replies();
        if (number < 1 || number > replies.size()) {
            throw new IllegalArgumentException("There is no reply " + number + " (replies: 1-" + replies.size() + ").");
        }
        return replies.get(number - 1);
    }

    private void requireTurn() {
        if (cursor.current() == null) {
            throw new IllegalArgumentException("Send a message first.");
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a reply number, got '" + text + "'.");
        }
    }

    private static List<Integer> numbers(String text) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : text.split("[\\s,]+")) {
            if (!part.isBlank()) {
                numbers.add(number(part));
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("Name at least one reply number.");
        }
        return numbers;
    }
}

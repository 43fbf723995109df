package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import app.characterstudio.persona.PersonaRepository;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.CandidateDraft;
import app.characterstudio.store.CandidateOrigin;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import app.characterstudio.store.PromptTemplateRepository;
import app.characterstudio.store.Session;
import app.characterstudio.store.StoredTemplate;
import app.characterstudio.store.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Chatting with a character, for the window and the command line alike: sessions, user messages,
 * generated, regenerated, edited and hand-written replies, and the prompt behind each.
 *
 * <p>A user message is committed before any reply is generated, so a crash while generating loses
 * only the replies being generated.
 */
public final class ChatService {
    /** Name of the role-play template in {@code prompt_templates}. */
    public static final String TEMPLATE_NAME = "index-character";
    /** How many of the latest utterances the retriever looks at: the one window of retrieval. */
    public static final int RETRIEVAL_WINDOW = 6;

    private final PersonaRepository personas;
    private final ChatPorts ports;
    private final ConversationRepository conversations;
    private final PromptTemplateRepository templates;

    public ChatService(Database database, PersonaRepository personas, ChatPorts ports) {
        this.personas = Objects.requireNonNull(personas, "personas");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.conversations = new ConversationRepository(database);
        this.templates = new PromptTemplateRepository(database);
    }

    public ChatPorts ports() {
        return ports;
    }

    public boolean modelAvailable() {
        return ports.generator().available();
    }

    public Persona persona(String characterId) {
        return personas.find(characterId).orElseThrow(() -> new ChatException("There is no character '" + characterId
                + "' in " + personas.charactersDir() + "."));
    }

    public Session startSession(String characterId, String userName) {
        Persona persona = persona(characterId);
        return conversations.createSession(persona.id(), "", userName);
    }

    /**
     * The session titled {@code title} that opens with {@code message}, with its opening turn; started
     * when there is none. A batch that names each session by its input line finds, on a rerun, the
     * sessions it made before, and fills the turns a killed run left without replies.
     */
    public Turn openingTurn(String characterId, String title, String userName, String message) {
        Persona persona = persona(characterId);
        return conversations.openingTurn(persona.id(), title, userName, requireText(message, "message"));
    }

    /** A reply made elsewhere (an evaluation run) to rework here: what the model saw and answered, and who answered. */
    public record ReplyToReview(String promptText, String text, String modelName, String samplingJson, Long templateId,
                                String retrievalJson) {
    }

    /**
     * A session titled {@code title} holding a dialogue ({@code lines}, oldest first, each the character's or another
     * speaker's) that ends with another speaker, then {@code reply} as the model's reply to that last message, ready to
     * label or rewrite. Consecutive lines of other speakers make one message (each line {@code speaker：text} when the
     * speaker is not the session's user, the last of them); consecutive lines of the character make one hand-written
     * reply; lines of the character before anyone else speaks are left out (a session opens with a message). All in
     * one transaction; a session of that character and title already there is returned as it is.
     */
    public long sessionFromDialogue(String characterId, String title, List<Utterance> lines, ReplyToReview reply) {
        Persona persona = persona(characterId);
        if (lines.isEmpty() || !lines.get(lines.size() - 1).fromUser()) {
            throw new ChatException("The dialogue of '" + title + "' must end with a line of someone other than "
                    + characterId + ", for the reply to answer it.");
        }
        String last = lines.get(lines.size() - 1).speaker();
        String userName = last == null ? "user" : last;
        List<ConversationRepository.Exchange> exchanges = new ArrayList<>();
        List<String> message = new ArrayList<>();
        List<String> answer = new ArrayList<>();
        for (Utterance line : lines) {
            if (line.fromUser()) {
                if (!answer.isEmpty()) {
                    exchanges.add(exchange(message, answer));
                }
                message.add(line.speaker() == null || userName.equals(line.speaker()) ? line.text() : line.speaker() + "：" + line.text());
            } else if (!message.isEmpty()) {
                answer.add(line.text());
            }
        }
        // the built-in default template has no stored version (id 0): the prompt text still says all
        Long templateId = reply.templateId() != null && templates.byId(reply.templateId()).isPresent()
                ? reply.templateId() : null;
        exchanges.add(new ConversationRepository.Exchange(String.join("\n", message), new CandidateDraft(reply.text(),
                CandidateOrigin.MODEL, null, reply.modelName(), reply.samplingJson(), reply.promptText(), null,
                templateId, reply.retrievalJson(), null, null)));
        return conversations.createSessionWith(persona.id(), title, userName, exchanges);
    }

    private static ConversationRepository.Exchange exchange(List<String> message, List<String> answer) {
        ConversationRepository.Exchange exchange = new ConversationRepository.Exchange(String.join("\n", message),
                CandidateDraft.handWritten(String.join("\n", answer), null, null, null, null));
        message.clear();
        answer.clear();
        return exchange;
    }

    /** Sessions, most recent first; all characters when {@code characterId} is null. */
    public List<Session> sessions(String characterId) {
        return conversations.sessions(characterId);
    }

    /** A session's tree with every stored detail of every reply (for exports). */
    public Conversation conversation(long sessionId) {
        return new Conversation(conversations.content(sessionId));
    }

    /**
     * A session's tree for navigation: reply texts and origins, without their prompts, retrieval,
     * sampling and log-probabilities (use {@link #replies} for those).
     */
    public Conversation outline(long sessionId) {
        return new Conversation(conversations.outline(sessionId));
    }

    /** A turn's replies with every stored detail, oldest first. */
    public List<Candidate> replies(long turnId) {
        return conversations.candidatesOf(turnId);
    }

    /** Adds a user message after {@code afterCandidateId} (null: at the start); a second one there branches. */
    public Turn say(long sessionId, Long afterCandidateId, String text) {
        return conversations.addTurn(sessionId, afterCandidateId, requireText(text, "message"));
    }

    /** Edits a user message: the new text becomes a sibling turn after the same reply; the old one stays. */
    public Turn editMessage(long turnId, String newText) {
        Turn original = turn(turnId);
        return conversations.addTurn(original.sessionId(), original.parentCandidateId(), requireText(newText, "message"));
    }

    /** {@link #say} and, when a model is loaded, {@link #generate} replies for it. */
    public GenerationResult send(long sessionId, Long afterCandidateId, String text, int count, SamplingSettings sampling,
                                 ReplyGenerator.ReplyStream stream, BooleanSupplier cancelled) {
        Turn turn = say(sessionId, afterCandidateId, text);
        if (!modelAvailable() || count < 1) {
            return new GenerationResult(turn, List.of(), null, false);
        }
        return generate(turn.id(), count, sampling, stream, cancelled);
    }

    /** Generates {@code count} more replies for a turn (first ones or a regeneration) and stores them. */
    public GenerationResult generate(long turnId, int count, SamplingSettings sampling,
                                     ReplyGenerator.ReplyStream stream, BooleanSupplier cancelled) {
        if (count < 1) {
            throw new ChatException("Ask for at least one reply, not " + count + ".");
        }
        Turn turn = turn(turnId);
        PreparedPrompt prepared = prepare(turn, sampling.maxNewTokens());
        List<ReplyGenerator.GeneratedReply> replies = ports.generator().generate(prepared.prompt(), count, sampling,
                stream, cancelled);
        boolean wasCancelled = cancelled.getAsBoolean() || replies.stream().anyMatch(ReplyGenerator.GeneratedReply::wasCancelled);
        if (wasCancelled) {
            return new GenerationResult(turn, List.of(), prepared.prompt(), true);
        }
        String samplingJson = ChatJson.sampling(sampling);
        long templateId = recorded(prepared.template()).id();
        List<CandidateDraft> drafts = new ArrayList<>();
        for (ReplyGenerator.GeneratedReply reply : replies) {
            String model = reply.modelName() == null || reply.modelName().isBlank() ? ports.generator().modelName()
                    : reply.modelName();
            drafts.add(new CandidateDraft(reply.text(), CandidateOrigin.MODEL, null, model, samplingJson,
                    prepared.prompt().text(), storedCount(prepared.prompt()), templateId,
                    ChatJson.retrieval(prepared.prompt().exchanges()), reply.logprobsJson(), reply.finishReason()));
        }
        List<Candidate> stored = conversations.addCandidates(turnId, UUID.randomUUID().toString(), drafts);
        return new GenerationResult(turn, stored, prepared.prompt(), false);
    }

    /** Stores a hand-written reply, together with the prompt it answers (for the datasets). */
    public Candidate writeReply(long turnId, String text) {
        Turn turn = turn(turnId);
        PreparedPrompt prepared = prepare(turn, SamplingSettings.defaults().maxNewTokens());
        CandidateDraft draft = CandidateDraft.handWritten(requireText(text, "reply"), prepared.prompt().text(),
                storedCount(prepared.prompt()), recorded(prepared.template()).id(),
                ChatJson.retrieval(prepared.prompt().exchanges()));
        return conversations.addCandidates(turnId, null, List.of(draft)).get(0);
    }

    /** Stores an edit of a reply as a new candidate (origin edit); the original stays. */
    public Candidate editReply(long candidateId, String newText) {
        return conversations.addEdit(candidateId, requireText(newText, "reply"));
    }

    /** The prompt the next reply to {@code turnId} would get, with a fresh retrieval. */
    public BuiltPrompt promptFor(long turnId, int maxNewTokens) {
        return prepare(turn(turnId), maxNewTokens).prompt();
    }

    /** The exchanges stored with a reply (what went into its prompt). */
    public List<RetrievedDialogue> exchangesOf(Candidate candidate) {
        return ChatJson.parseRetrieval(candidate.retrievalJson());
    }

    /**
     * The template in force for a character (its own newest version, else the default); a pure read.
     * With none stored yet it is the built-in default, and a version saved under an older
     * {@link PromptTemplate#LAYOUT} is shown as its next version with the current layout: both have
     * id 0 (not stored) until a reply made with them stores them ({@link #recorded}), so replies
     * generated before keep pointing at the version they were made with.
     */
    public StoredTemplate template(String characterId) {
        return templates.current(characterId, TEMPLATE_NAME)
                .map(t -> t.layout() == PromptTemplate.LAYOUT ? t : unsaved(t.characterId(), t.version() + 1, t.body()))
                .orElseGet(() -> unsaved(null, 1, PromptTemplate.characterDefault().body()));
    }

    private static StoredTemplate unsaved(String characterId, int version, String body) {
        return new StoredTemplate(0, characterId, TEMPLATE_NAME, version, body, 0, PromptTemplate.LAYOUT);
    }

    /** {@code template} as stored, saving it first when it is not yet (a reply is about to point at it). */
    private StoredTemplate recorded(StoredTemplate template) {
        return template.id() != 0 ? template
                : templates.save(template.characterId(), TEMPLATE_NAME, template.body(), PromptTemplate.LAYOUT);
    }

    /** The template version a stored reply was generated with, if it recorded one. */
    public java.util.Optional<StoredTemplate> templateOf(Candidate reply) {
        return reply.templateId() == null ? java.util.Optional.empty() : templates.byId(reply.templateId());
    }

    public List<StoredTemplate> templateVersions(String characterId) {
        return templates.versions(characterId, TEMPLATE_NAME);
    }

    /** Saves a character's template as a new version (an unchanged body keeps the current version). */
    public StoredTemplate saveTemplate(String characterId, String body) {
        persona(characterId);
        if (body == null || !body.contains("${dialog}")) {
            throw new ChatException("A template must contain ${dialog}, where the conversation goes.");
        }
        return templates.save(characterId, TEMPLATE_NAME, body, PromptTemplate.LAYOUT);
    }

    private PreparedPrompt prepare(Turn turn, int maxNewTokens) {
        Conversation conversation = outline(turn.sessionId());
        Session session = conversation.session();
        Persona persona = persona(session.characterId());
        StoredTemplate stored = template(session.characterId());
        PromptTemplate template = new PromptTemplate(stored.body());
        List<Utterance> path = conversation.utterancesTo(turn.id());
        // each part of this reply's prompt counted once, shared by budgeting, retrieval and the build
        TokenCounter counter = TokenCounter.remembering(ports.tokenCounter());
        PromptBuilder builder = new PromptBuilder(counter);
        PromptBudget budget = PromptBudget.of(counter.contextLength(), Math.min(maxNewTokens, counter.contextLength() - 1));
        int room = builder.roomForExchanges(path, persona, session.userName(), template, budget);
        List<RetrievedDialogue> exchanges = room == 0 ? List.of() : ports.retriever().retrieve(persona,
                path.subList(Math.max(0, path.size() - RETRIEVAL_WINDOW), path.size()), room, counter::count);
        BuiltPrompt prompt = builder.build(path, persona, session.userName(), template, exchanges, budget);
        return new PreparedPrompt(prompt, stored);
    }

    /** Only real token counts are stored: an estimate (no tokenizer loaded) is kept as unknown (null). */
    private static Integer storedCount(BuiltPrompt prompt) {
        return prompt.tokenCountEstimated() ? null : prompt.tokenCount();
    }

    private Turn turn(long turnId) {
        return conversations.turn(turnId).orElseThrow(() -> new ChatException("There is no turn " + turnId + "."));
    }

    private static String requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new ChatException("The " + what + " is empty.");
        }
        return text.strip();
    }

    private record PreparedPrompt(BuiltPrompt prompt, StoredTemplate template) {
    }
}

package app.characterstudio.eval;

import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.PromptBudget;
import app.characterstudio.chat.PromptBuilder;
import app.characterstudio.chat.PromptTemplate;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenCounter;
import app.characterstudio.chat.Utterance;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.StoredTemplate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The one seam between evaluation and chat: an item's prompt is assembled as chat assembles one (the template in
 * force, {@link PromptBuilder} within the model's budget, exchanges from chat's retriever port) and answered by chat's
 * generator port. Every other eval class sees plain strings; {@code workspace.Studio} hands one to {@link EvalService}.
 */
public final class ChatPromptAssembly {
    /** As many of the latest context lines as chat's retrieval looks at. */
    static final int RETRIEVAL_WINDOW_LINES = ChatService.RETRIEVAL_WINDOW;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatService chat;

    public ChatPromptAssembly(ChatService chat) {
        this.chat = chat;
    }

    record Template(long id, int version, String body) {
    }

    /** The prompt as built (handed whole to the generator, which reuses its token ids) and what was retrieved. */
    record Prompt(BuiltPrompt built, String retrievalJson) {
        String text() {
            return built.text();
        }
    }

    record Output(String text, boolean cancelled) {
    }

    boolean modelAvailable() {
        return chat.modelAvailable();
    }

    String modelName() {
        return chat.ports().generator().modelName();
    }

    Persona persona(String characterId) {
        return chat.persona(characterId);
    }

    /**
     * The character's template in force ({@code version} null), or its version {@code version}: one of its own
     * versions, or of the default's when it has none of its own.
     */
    Template template(String characterId, Integer version) {
        if (version == null) {
            return of(chat.template(characterId));
        }
        List<StoredTemplate> versions = chat.templateVersions(characterId);
        if (versions.isEmpty()) {
            versions = chat.templateVersions(null);
        }
        List<StoredTemplate> candidates = versions;
        return versions.stream().filter(t -> t.version() == version).findFirst().map(ChatPromptAssembly::of)
                .orElseThrow(() -> new EvalException("Character '" + characterId + "' has no template version " + version
                        + "; its versions: " + candidates.stream().map(t -> String.valueOf(t.version())).toList() + "."));
    }

    /**
     * The prompt for a character answering {@code context} ((speaker, text) lines, oldest first); exchanges showing a
     * line of {@code heldOut} are left out.
     */
    Prompt prompt(Persona persona, List<String[]> context, Template template, Collection<HeldOutLine> heldOut,
                  int maxNewTokens) {
        List<Utterance> path = path(persona, context);
        String userName = context.get(context.size() - 1)[0];
        PromptTemplate layout = new PromptTemplate(template.body());
        TokenCounter counter = chat.ports().tokenCounter();
        PromptBuilder builder = new PromptBuilder(counter);
        PromptBudget budget = PromptBudget.of(counter.contextLength(),
                Math.min(maxNewTokens, counter.contextLength() - 1));
        int room = builder.roomForExchanges(path, persona, userName, layout, budget);
        List<Utterance> recent = path.subList(Math.max(0, path.size() - RETRIEVAL_WINDOW_LINES), path.size());
        List<RetrievedDialogue> exchanges = room == 0 ? List.of()
                : chat.ports().retriever().retrieve(persona, recent, room, counter::count).stream()
                        .filter(d -> heldOut.stream().noneMatch(h -> h.within(d.source(), d.firstLine(), d.lastLine())))
                        .toList();
        BuiltPrompt built = builder.build(path, persona, userName, layout, exchanges, budget);
        ArrayNode retrieval = JSON.createArrayNode();
        for (RetrievedDialogue d : built.exchanges()) {
            retrieval.addObject().put("source", d.source()).put("first_line", d.firstLine())
                    .put("last_line", d.lastLine()).put("score", d.score());
        }
        return new Prompt(built, retrieval.toString());
    }

    Output generate(Prompt prompt, Sampling sampling, long seed, BooleanSupplier cancelled) {
        SamplingSettings settings = new SamplingSettings(sampling.maxNewTokens(), sampling.temperature(),
                sampling.topK(), sampling.topP(), sampling.repetitionPenalty(), seed, false);
        ReplyGenerator.GeneratedReply reply = chat.ports().generator().generate(prompt.built(), 1, settings,
                ReplyGenerator.ReplyStream.IGNORE, cancelled).get(0);
        return new Output(reply.text(), reply.wasCancelled());
    }

    /**
     * A chat session titled {@code title} holding an item's context ((speaker, text) lines, the character's under
     * {@code persona}'s name) and then the run's reply with the prompt it answered; returns the session's id.
     */
    long session(Persona persona, String title, List<String[]> context, String prompt, String reply, String modelName,
                 String samplingJson, Long templateId, String retrievalJson) {
        return chat.sessionFromDialogue(persona.id(), title, path(persona, context), new ChatService.ReplyToReview(prompt, reply,
                modelName, samplingJson, templateId, retrievalJson));
    }

    /** Context lines as chat's utterances: the character's under its name, everyone else's under theirs. */
    private static List<Utterance> path(Persona persona, List<String[]> context) {
        String role = persona.name().isBlank() ? persona.id() : persona.name();
        List<Utterance> path = new ArrayList<>();
        for (String[] line : context) {
            path.add(line[0].equals(role) ? Utterance.character(line[1]) : Utterance.spokenBy(line[0], line[1]));
        }
        return path;
    }

    private static Template of(StoredTemplate stored) {
        return new Template(stored.id(), stored.version(), stored.body());
    }
}

package app.characterstudio.workspace.adapters;

import app.characterstudio.chat.ExchangeRetriever;
import app.characterstudio.chat.RetrievedDialogue;
import app.characterstudio.chat.Utterance;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.RetrievalQuery;
import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.SimilarDialogues;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Retrieves the character's past exchanges from the workspace's script library and prepares them as
 * the reference pipeline did ({@link SimilarDialogues}), keeping where each block came from. The
 * pipeline's length rule ({@link Persona#minMeanLineLength()}, default
 * {@link SimilarDialogues#DEFAULT_MIN_MEAN_LENGTH}) is applied over a pool of {@link #POOL} ranked
 * exchanges, of which the first {@link #CANDIDATES} kept are packed.
 */
public final class ScriptExchangeRetriever implements ExchangeRetriever {
    /** As many candidates as the reference pipeline retrieved before packing ({@code retrieve_num}). */
    static final int CANDIDATES = 20;
    /** Ranked exchanges read so that {@link #CANDIDATES} remain once short ones are skipped. */
    static final int POOL = 3 * CANDIDATES;

    private final ScriptLibrary library;

    public ScriptExchangeRetriever(ScriptLibrary library) {
        this.library = library;
    }

    @Override
    public List<RetrievedDialogue> retrieve(Persona persona, List<Utterance> recent, int tokenBudget,
                                            ToIntFunction<String> tokenCounter) {
        List<String> names = persona.scriptNames();
        if (names.isEmpty() || recent.isEmpty() || tokenBudget <= 0) {
            return List.of();
        }
        List<RetrievedExchange> ranked = SimilarDialogues.longEnough(library.search(
                RetrievalQuery.of(conversation(recent), names).withLimit(POOL).withoutHighlights()), persona.name(),
                minMeanLineLength(persona), CANDIDATES);
        return SimilarDialogues.pack(ranked, persona.name(), tokenCounter, tokenBudget).stream()
                .map(block -> new RetrievedDialogue(block.text(), block.exchange().sourceName(),
                        block.exchange().firstLine(), block.exchange().lastLine(), block.exchange().score()))
                .toList();
    }

    /**
     * The query's conversation: one line per utterance (a speaker, which the index never searches, then the text on
     * one line), so the script room's own window ({@code QueryTerms.RECENT_LINES}) never cuts the chat's.
     */
    static String conversation(List<Utterance> recent) {
        return recent.stream().map(u -> (u.fromUser() ? "user" : "character") + ":" + u.text().replace('\n', ' '))
                .collect(Collectors.joining("\n"));
    }

    /** The persona's setting, else the reference pipeline's default. */
    public static int minMeanLineLength(Persona persona) {
        return persona.minMeanLineLength() == null ? SimilarDialogues.DEFAULT_MIN_MEAN_LENGTH
                : persona.minMeanLineLength();
    }
}

package app.characterstudio.chat;

import app.characterstudio.persona.Persona;
import app.characterstudio.script.RetrievalQuery;
import app.characterstudio.script.RetrievedExchange;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.script.SimilarDialogues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

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
    public List<RetrievedDialogue> retrieve(Persona persona, List<String> recentDialogLines, int tokenBudget,
                                            ToIntFunction<String> tokenCounter) {
        List<String> names = persona.scriptNames();
        if (names.isEmpty() || recentDialogLines.isEmpty() || tokenBudget <= 0) {
            return List.of();
        }
        List<RetrievedExchange> ranked = SimilarDialogues.longEnough(library.search(
                RetrievalQuery.of(String.join("\n", recentDialogLines), names).withLimit(POOL)), persona.name(),
                minMeanLineLength(persona), CANDIDATES);
        // The block each exchange would become, so packed blocks can be traced back to their source.
        Map<String, RetrievedExchange> origins = new LinkedHashMap<>();
        for (RetrievedExchange exchange : ranked) {
            origins.putIfAbsent(SimilarDialogues.block(exchange, persona.name()), exchange);
        }
        List<RetrievedDialogue> dialogues = new ArrayList<>();
        for (String block : SimilarDialogues.prepare(ranked, persona.name(), tokenCounter, tokenBudget)) {
            RetrievedExchange origin = origins.get(block);
            dialogues.add(origin == null
                    ? new RetrievedDialogue(block, "", 0, 0, 0)
                    : new RetrievedDialogue(block, origin.sourceName(), origin.firstLine(), origin.lastLine(),
                            origin.score()));
        }
        return dialogues;
    }

    /** The persona's setting, else the reference pipeline's default. */
    public static int minMeanLineLength(Persona persona) {
        return persona.minMeanLineLength() == null ? SimilarDialogues.DEFAULT_MIN_MEAN_LENGTH
                : persona.minMeanLineLength();
    }
}

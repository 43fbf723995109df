package app.characterstudio.script;

import java.util.List;

/**
 * What to retrieve: exchanges where one of {@code speakers} replies to a context like {@code conversation}.
 *
 * @param conversation    recent turns, one {@code speaker：utterance} (or plain) line each; speaker
 *                        names are not searched, only what is said
 * @param speakers        the character's names in the scripts ({@code Persona.scriptNames()})
 * @param limit           at most this many exchanges
 * @param minReplyLength  replies shorter than this many characters are skipped (0: none)
 * @param perScene        at most this many exchanges from one scene
 * @param excludeSource   a source name whose exchanges are skipped; empty for none
 * @param highlight       whether the matched words of each exchange are marked (only a view that shows them asks;
 *                        the chat's prompt does not)
 */
public record RetrievalQuery(String conversation, List<String> speakers, int limit, int minReplyLength, int perScene,
                             String excludeSource, boolean highlight) {
    public static final int DEFAULT_LIMIT = 10;
    public static final int DEFAULT_PER_SCENE = 2;

    public RetrievalQuery {
        conversation = conversation == null ? "" : conversation;
        speakers = List.copyOf(speakers);
        excludeSource = excludeSource == null ? "" : excludeSource;
        if (limit < 1 || perScene < 1 || minReplyLength < 0) {
            throw new IllegalArgumentException("limit and perScene must be positive, minReplyLength not negative");
        }
    }

    /** With highlights. */
    public RetrievalQuery(String conversation, List<String> speakers, int limit, int minReplyLength, int perScene,
                          String excludeSource) {
        this(conversation, speakers, limit, minReplyLength, perScene, excludeSource, true);
    }

    public static RetrievalQuery of(String conversation, List<String> speakers) {
        return new RetrievalQuery(conversation, speakers, DEFAULT_LIMIT, 0, DEFAULT_PER_SCENE, "");
    }

    /** The same query, its exchanges without highlights or matched terms. */
    public RetrievalQuery withoutHighlights() {
        return new RetrievalQuery(conversation, speakers, limit, minReplyLength, perScene, excludeSource, false);
    }

    public RetrievalQuery withLimit(int value) {
        return new RetrievalQuery(conversation, speakers, value, minReplyLength, perScene, excludeSource, highlight);
    }

    public RetrievalQuery withMinReplyLength(int value) {
        return new RetrievalQuery(conversation, speakers, limit, value, perScene, excludeSource, highlight);
    }

    public RetrievalQuery withPerScene(int value) {
        return new RetrievalQuery(conversation, speakers, limit, minReplyLength, value, excludeSource, highlight);
    }

    public RetrievalQuery excluding(String sourceName) {
        return new RetrievalQuery(conversation, speakers, limit, minReplyLength, perScene, sourceName, highlight);
    }
}

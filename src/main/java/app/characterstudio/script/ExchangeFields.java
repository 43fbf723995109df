package app.characterstudio.script;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/** Field names and types of an exchange document in the script index. */
final class ExchangeFields {
    /**
     * The context side: analyzed lines before the reply, frequencies and norms for BM25, no positions.
     * Each term is scoped to the replying speaker ({@link #scoped}): a query for one character reads
     * only that character's postings, so the speaker filter costs nothing and top-k pruning works on
     * short lists instead of intersecting every common term with a filter over the whole corpus.
     */
    static final String CONTEXT = "context";
    /** Joins speaker and term in a scoped context term; never part of a name or a term. */
    static final char SCOPE_SEPARATOR = '\u001F';
    /** Source id as a keyword, for filtering and deleting a source's exchanges. */
    static final String SOURCE = "source";
    static final String REPLY_LENGTH = "reply_length";
    static final String SOURCE_ID = "source_id";
    static final String FIRST_ID = "first_id";
    static final String LAST_ID = "last_id";
    static final String SCENE = "scene";

    static final FieldType CONTEXT_TYPE = contextType();

    private ExchangeFields() {
    }

    /** The prefix of {@code speaker}'s context terms. */
    static String scope(String speaker) {
        return speaker + SCOPE_SEPARATOR;
    }

    private static FieldType contextType() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setStored(false);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.setOmitNorms(false);
        type.freeze();
        return type;
    }
}

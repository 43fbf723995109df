package app.characterstudio.script;

import app.characterstudio.script.analysis.ScriptAnalyzer;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/** Field names and types of a line document in the script index: one document per script line. */
final class LineFields {
    /** The analyzed text of the line: frequencies and norms for BM25, no positions. */
    static final String TEXT = ScriptAnalyzer.INDEX_FIELD;
    /**
     * The speakers whose replies have this line in their context (the {@code window} lines before a
     * reply, same scene; a scene's first line is its own reply's context). Filtering on it keeps a
     * search for one character to the lines that can count for that character's exchanges.
     */
    static final String CONTEXT_OF = "context_of";
    /** Source id as a keyword, for excluding and deleting a source's lines. */
    static final String SOURCE = "source";
    /** Doc values: the source id and the line's position in its source (0-based), to find it in {@link LineTable}. */
    static final String SOURCE_ID = "source_id";
    static final String POSITION = "position";

    static final FieldType TEXT_TYPE = textType();

    private LineFields() {
    }

    private static FieldType textType() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setStored(false);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.setOmitNorms(false);
        type.freeze();
        return type;
    }
}

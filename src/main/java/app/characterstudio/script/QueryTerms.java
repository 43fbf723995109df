package app.characterstudio.script;

import app.characterstudio.script.analysis.ScriptAnalyzer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The distinct terms of the recent conversation, without the speakers' names. */
final class QueryTerms {
    /** The lines of the conversation that count: the most recent ones. */
    static final int RECENT_LINES = 8;
    /** Keeps the query well under Lucene's clause limit. */
    static final int MAX_TERMS = 256;

    private QueryTerms() {
    }

    static Set<String> of(ScriptAnalyzer analyzer, String conversation) {
        List<String> lines = conversation.lines().filter(l -> !l.isBlank()).toList();
        List<String> recent = lines.subList(Math.max(0, lines.size() - RECENT_LINES), lines.size());
        Set<String> terms = new LinkedHashSet<>();
        for (int i = recent.size() - 1; i >= 0 && terms.size() < MAX_TERMS; i--) {
            for (String term : analyzer.terms(SpeakerLineParser.parse(recent.get(i)).text())) {
                if (terms.size() < MAX_TERMS) {
                    terms.add(term);
                }
            }
        }
        return terms;
    }
}

package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.StoredLine;
import app.characterstudio.store.ScriptSource;
import app.characterstudio.store.ScriptRepository;
import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import app.characterstudio.script.RetrievedExchange.Span;
import app.characterstudio.script.analysis.ScriptAnalyzer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Finds the exchanges whose context best matches a conversation, for one character. Lines are
 * ranked by BM25 against the conversation; each line hit credits its score to every exchange of the
 * character whose context holds that line, and exchanges rank by the sum of their lines' scores
 * divided by the square root of their context's line count (as BM25's length norm would, a match in
 * a short context weighs more than the same match among more lines).
 */
public final class Retriever {
    /** Line hits read at first; more when too few exchanges come out of them. */
    private static final int FIRST_LINE_HITS = 200;
    private static final int MAX_LINE_HITS = 20_000;
    /**
     * A character whose exchanges have more than 1/4 of all lines in their context is searched
     * without the speaker filter: most line hits count for them anyway, and a dense filter slowed
     * the conjunction (and its top-k pruning) several times over; lines of other speakers' exchanges
     * are skipped when crediting. A rarer character gets the filter, which is then cheap.
     */
    private static final int DENSE_SPEAKER = 4;
    /** Below Lucene's default limit of 1024 clauses. */
    private static final int MAX_CLAUSES = 1_000;
    private final ScriptIndex index;
    private final ScriptRepository store;
    private final ScriptAnalyzer analyzer;
    private final LineTable table;
    private final LongFunction<String> sourceNames;

    Retriever(ScriptIndex index, ScriptRepository store, ScriptAnalyzer analyzer, LineTable table,
              LongFunction<String> sourceNames) {
        this.index = index;
        this.store = store;
        this.analyzer = analyzer;
        this.table = table;
        this.sourceNames = sourceNames;
    }

    /** Ranked best first; empty when nothing matches or the character has no lines. */
    public List<RetrievedExchange> search(RetrievalQuery query) {
        Set<String> terms = QueryTerms.of(analyzer, query.conversation());
        if (terms.isEmpty() || query.speakers().isEmpty()) {
            return List.of();
        }
        IndexSearcher searcher = index.acquire();
        try {
            return collect(searcher, build(searcher, query, terms), query, terms);
        } catch (IOException e) {
            throw new ScriptIndexException("Cannot search the script index: " + e.getMessage(), e);
        } finally {
            index.release(searcher);
        }
    }

    /**
     * The conversation's terms, over the lines in the context of one of the character's replies
     * (see {@link #DENSE_SPEAKER}).
     * In a large index, terms found in more than 1/300 of the lines are left out of the query when
     * rarer terms are there: their BM25 weight is small, and walking their long postings dominated
     * the time of every search (over 1,000,000 generated lines, 1/300 instead of 1/100 cut the
     * median search from 4.6 to 3.7 ms for half a point less self-retrieval).
     */
    private Query build(IndexSearcher searcher, RetrievalQuery query, Set<String> terms) throws IOException {
        List<String> speakers = query.speakers().stream().distinct().limit(MAX_CLAUSES).toList();
        int common = commonThreshold(searcher.getIndexReader().maxDoc());
        List<Term> rare = new ArrayList<>();
        List<Term> frequent = new ArrayList<>();
        for (String term : terms.stream().limit(MAX_CLAUSES).toList()) {
            Term text = new Term(LineFields.TEXT, term);
            int documents = searcher.getIndexReader().docFreq(text);
            if (documents > 0) {
                (documents > common ? frequent : rare).add(text);
            }
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (Term term : rare.isEmpty() ? frequent : rare) {
            words.add(new TermQuery(term), Occur.SHOULD);
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(words.build(), Occur.MUST);
        BooleanQuery.Builder replied = new BooleanQuery.Builder();
        long covered = 0;
        for (String speaker : speakers) {
            Term term = new Term(LineFields.CONTEXT_OF, speaker);
            covered += searcher.getIndexReader().docFreq(term);
            replied.add(new TermQuery(term), Occur.SHOULD);
        }
        if (covered * DENSE_SPEAKER < searcher.getIndexReader().maxDoc()) {
            all.add(replied.build(), Occur.FILTER);
        }
        if (!query.excludeSource().isEmpty()) {
            for (ScriptSource source : store.sources()) {
                if (source.name().equals(query.excludeSource())) {
                    all.add(new TermQuery(new Term(LineFields.SOURCE, Long.toString(source.id()))), Occur.MUST_NOT);
                }
            }
        }
        return all.build();
    }

    /** Lines holding a term more often than this make it common: 1/300 of the index, at least 1,000. */
    static int commonThreshold(int lines) {
        return Math.max(1_000, lines / 300);
    }

    private List<RetrievedExchange> collect(IndexSearcher searcher, Query lucene, RetrievalQuery query,
                                            Set<String> terms) throws IOException {
        int wanted = Math.max(FIRST_LINE_HITS, query.limit() * 20);
        while (true) {
            TopDocs top = searcher.search(lucene, wanted);
            List<Candidate> ranked = credit(searcher, top.scoreDocs, query);
            List<RetrievedExchange> results = diverse(ranked, query, terms);
            boolean more = top.totalHits.value > top.scoreDocs.length && wanted < MAX_LINE_HITS;
            if (results.size() >= query.limit() || !more) {
                return results;
            }
            wanted = Math.min(MAX_LINE_HITS, wanted * 4);
        }
    }

    /** An exchange found through its context lines: the reply's position in its source, the summed score. */
    private static final class Candidate {
        final long sourceId;
        final LineTable.SourceLines lines;
        final int reply;
        float score;

        Candidate(long sourceId, LineTable.SourceLines lines, int reply) {
            this.sourceId = sourceId;
            this.lines = lines;
            this.reply = reply;
        }

        long replyId() {
            return lines.firstLineId() + reply;
        }

        int contextLines() {
            return Math.max(1, reply - lines.contextFrom(reply));
        }
    }

    /** Credits each line hit to the character's exchanges that have the line in their context; best first. */
    private List<Candidate> credit(IndexSearcher searcher, ScoreDoc[] hits, RetrievalQuery query) throws IOException {
        Set<String> speakers = Set.copyOf(query.speakers());
        ScoreDoc[] byDoc = hits.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(hit -> hit.doc));
        Map<Long, Candidate> candidates = new HashMap<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leaf = -1;
        NumericDocValues sources = null;
        NumericDocValues positions = null;
        for (ScoreDoc hit : byDoc) {
            while (leaf + 1 < leaves.size() && leaves.get(leaf + 1).docBase <= hit.doc) {
                leaf++;
                sources = leaves.get(leaf).reader().getNumericDocValues(LineFields.SOURCE_ID);
                positions = leaves.get(leaf).reader().getNumericDocValues(LineFields.POSITION);
            }
            int doc = hit.doc - leaves.get(leaf).docBase;
            if (sources == null || positions == null || !sources.advanceExact(doc) || !positions.advanceExact(doc)) {
                continue;
            }
            long sourceId = sources.longValue();
            LineTable.SourceLines lines = table.get(sourceId);
            int position = (int) positions.longValue();
            if (lines == null || position >= lines.size()) {
                continue;
            }
            int last = Math.min(lines.size() - 1, position + lines.window());
            for (int reply = lines.sceneStart(position) ? position : position + 1; reply <= last; reply++) {
                if (lines.scene()[reply] != lines.scene()[position]) {
                    break;
                }
                String speaker = lines.speaker()[reply];
                if (!speaker.isEmpty() && speakers.contains(speaker) && lines.length()[reply] >= query.minReplyLength()) {
                    candidates.computeIfAbsent(lines.firstLineId() + reply, id -> new Candidate(sourceId, lines,
                            (int) (id - lines.firstLineId()))).score += hit.score;
                }
            }
        }
        List<Candidate> ranked = new ArrayList<>(candidates.values());
        for (Candidate candidate : ranked) {
            candidate.score /= (float) Math.sqrt(candidate.contextLines());
        }
        ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.score).thenComparingLong(Candidate::replyId));
        return ranked;
    }

    private List<RetrievedExchange> diverse(List<Candidate> ranked, RetrievalQuery query, Set<String> terms) {
        Map<String, Integer> perScene = new HashMap<>();
        List<RetrievedExchange> results = new ArrayList<>();
        for (Candidate candidate : ranked) {
            if (results.size() == query.limit()) {
                break;
            }
            int scene = candidate.lines.scene()[candidate.reply];
            if (perScene.merge(candidate.sourceId + "/" + scene, 1, Integer::sum) > query.perScene()) {
                continue;
            }
            long first = candidate.lines.firstLineId() + candidate.lines.contextFrom(candidate.reply);
            results.add(exchange(candidate.score, candidate.sourceId, scene, first, candidate.replyId(),
                    query.highlight() ? terms : null));
        }
        return results;
    }

    /** {@code terms} null: no highlights (nor matched terms) are computed. */
    private RetrievedExchange exchange(float score, long sourceId, int scene, long firstId, long lastId,
                                       Set<String> terms) {
        List<StoredLine> stored = store.linesBetween(firstId, lastId);
        List<ExchangeLine> lines = new ArrayList<>();
        Set<String> matchedWords = new LinkedHashSet<>();
        Set<String> matchedBigrams = new LinkedHashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            ScriptLine line = stored.get(i).line();
            boolean context = i < stored.size() - 1 || stored.size() == 1;
            List<Span> spans = context && terms != null ? highlight(line.text(), terms, matchedWords, matchedBigrams) : List.of();
            lines.add(new ExchangeLine(line.lineNumber(), line.speaker(), line.text(), spans));
        }
        ScriptLine reply = stored.get(stored.size() - 1).line();
        return new RetrievedExchange(score, sourceId, sourceNames.apply(sourceId), scene,
                stored.get(0).line().lineNumber(), reply.lineNumber(), reply.speaker(), lines,
                List.copyOf(matchedWords.isEmpty() ? matchedBigrams : matchedWords));
    }

    /** Spans of the tokens of {@code text} that are query terms, overlapping ones merged; records the words matched. */
    private List<Span> highlight(String text, Set<String> terms, Set<String> words, Set<String> bigrams) {
        List<Span> spans = new ArrayList<>();
        for (ScriptAnalyzer.Token token : analyzer.tokens(text)) {
            if (!terms.contains(token.term())) {
                continue;
            }
            (token.bigram() ? bigrams : words).add(token.term());
            spans.add(new Span(token.start(), token.end()));
        }
        return merged(spans);
    }

    /**
     * The spans sorted and overlapping or touching ones joined. A bigram comes after the single character it
     * ends with, so it may start before the span made so far: joining in arrival order kept that span's start
     * and lost the bigram's first character (the first character of a line's match was drawn plain).
     */
    static List<Span> merged(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparingInt(Span::start));
        return mergeSorted(sorted);
    }

    private static List<Span> mergeSorted(List<Span> spans) {
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.start() <= last.end()) {
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), span.end())));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }
}

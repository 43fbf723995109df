package app.characterstudio.script;

import app.characterstudio.script.RetrievedExchange.ExchangeLine;
import app.characterstudio.script.RetrievedExchange.Span;
import app.characterstudio.script.analysis.ScriptAnalyzer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/** Finds the exchanges whose context best matches a conversation (BM25), for one character. */
public final class Retriever {
    private static final int MAX_CANDIDATES = 5_000;
    /** Below Lucene's default limit of 1024 clauses. */
    private static final int MAX_CLAUSES = 1_000;
    private final ScriptIndex index;
    private final ScriptStore store;
    private final ScriptAnalyzer analyzer;
    private final LongFunction<String> sourceNames;

    Retriever(ScriptIndex index, ScriptStore store, ScriptAnalyzer analyzer, LongFunction<String> sourceNames) {
        this.index = index;
        this.store = store;
        this.analyzer = analyzer;
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
     * Speaker-scoped terms: matching one of them is the speaker filter (see ExchangeFields.CONTEXT).
     * In a large index, terms found in more than 1% of the exchanges are left out of the query when
     * rarer terms are there: their BM25 weight is small, and walking their long postings dominated
     * the time of every search.
     */
    private Query build(IndexSearcher searcher, RetrievalQuery query, Set<String> terms) throws IOException {
        List<String> speakers = query.speakers().stream().distinct().limit(MAX_CLAUSES).toList();
        List<String> kept = terms.stream().limit(Math.max(1, MAX_CLAUSES / speakers.size())).toList();
        int common = commonThreshold(searcher.getIndexReader().maxDoc());
        List<Term> rare = new ArrayList<>();
        List<Term> frequent = new ArrayList<>();
        for (String speaker : speakers) {
            String scope = ExchangeFields.scope(speaker);
            for (String term : kept) {
                Term scoped = new Term(ExchangeFields.CONTEXT, scope + term);
                int documents = searcher.getIndexReader().docFreq(scoped);
                if (documents > 0) {
                    (documents > common ? frequent : rare).add(scoped);
                }
            }
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (Term term : rare.isEmpty() ? frequent : rare) {
            words.add(new TermQuery(term), Occur.SHOULD);
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(words.build(), Occur.MUST);
        if (query.minReplyLength() > 0) {
            all.add(IntPoint.newRangeQuery(ExchangeFields.REPLY_LENGTH, query.minReplyLength(), Integer.MAX_VALUE),
                    Occur.FILTER);
        }
        if (!query.excludeSource().isEmpty()) {
            for (ScriptSource source : store.sources()) {
                if (source.name().equals(query.excludeSource())) {
                    all.add(new TermQuery(new Term(ExchangeFields.SOURCE, Long.toString(source.id()))), Occur.MUST_NOT);
                }
            }
        }
        return all.build();
    }

    /** Exchanges holding a term more often than this make it common: 1% of the index, at least 1,000. */
    static int commonThreshold(int exchanges) {
        return Math.max(1_000, exchanges / 100);
    }

    private List<RetrievedExchange> collect(IndexSearcher searcher, Query lucene, RetrievalQuery query,
                                            Set<String> terms) throws IOException {
        int wanted = Math.min(MAX_CANDIDATES, Math.max(50, query.limit() * 5));
        while (true) {
            TopDocs top = searcher.search(lucene, wanted);
            List<RetrievedExchange> results = diverse(searcher.storedFields(), top.scoreDocs, query, terms);
            boolean more = top.totalHits.value > top.scoreDocs.length && wanted < MAX_CANDIDATES;
            if (results.size() >= query.limit() || !more) {
                return results;
            }
            wanted = Math.min(MAX_CANDIDATES, wanted * 4);
        }
    }

    private List<RetrievedExchange> diverse(StoredFields fields, ScoreDoc[] hits, RetrievalQuery query,
                                            Set<String> terms) throws IOException {
        Map<String, Integer> perScene = new HashMap<>();
        List<RetrievedExchange> results = new ArrayList<>();
        for (ScoreDoc hit : hits) {
            if (results.size() == query.limit()) {
                break;
            }
            Document document = fields.document(hit.doc);
            long sourceId = document.getField(ExchangeFields.SOURCE_ID).numericValue().longValue();
            int scene = document.getField(ExchangeFields.SCENE).numericValue().intValue();
            if (perScene.merge(sourceId + "/" + scene, 1, Integer::sum) > query.perScene()) {
                continue;
            }
            results.add(exchange(hit.score, sourceId, scene,
                    document.getField(ExchangeFields.FIRST_ID).numericValue().longValue(),
                    document.getField(ExchangeFields.LAST_ID).numericValue().longValue(), terms));
        }
        return results;
    }

    private RetrievedExchange exchange(float score, long sourceId, int scene, long firstId, long lastId,
                                       Set<String> terms) {
        List<StoredLine> stored = store.linesBetween(firstId, lastId);
        List<ExchangeLine> lines = new ArrayList<>();
        Set<String> matchedWords = new LinkedHashSet<>();
        Set<String> matchedBigrams = new LinkedHashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            ScriptLine line = stored.get(i).line();
            boolean context = i < stored.size() - 1 || stored.size() == 1;
            List<Span> spans = context ? highlight(line.text(), terms, matchedWords, matchedBigrams) : List.of();
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
            Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && token.start() <= last.end()) {
                spans.set(spans.size() - 1, new Span(last.start(), Math.max(last.end(), token.end())));
            } else {
                spans.add(new Span(token.start(), token.end()));
            }
        }
        spans.sort(java.util.Comparator.comparingInt(Span::start));
        return mergeSorted(spans);
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

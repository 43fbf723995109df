package app.characterstudio.script;

import app.characterstudio.script.analysis.CachedTokenStream;
import app.characterstudio.script.analysis.ScriptAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;

/**
 * Turns a source's lines into exchange documents: for every line of a speaker, the up to
 * {@code window} preceding lines of its scene are the context (a scene's first line is its own
 * context, as in the reference pipeline) and the line is the reply. Chunks of whole scenes are
 * analyzed and added on several threads; each line is segmented once.
 */
final class ExchangeIndexer {
    private static final int CHUNK_LINES = 20_000;
    private final ScriptAnalyzer analyzer;
    private final int window;
    private final int threads;

    ExchangeIndexer(ScriptAnalyzer analyzer, int window, int threads) {
        this.analyzer = analyzer;
        this.window = window;
        this.threads = Math.max(1, threads);
    }

    /** Adds the exchanges of one source; returns how many. Lines have ids {@code firstLineId}, +1, ... */
    long index(IndexWriter writer, long sourceId, long firstLineId, List<ScriptLine> lines, ImportProgress progress) {
        List<int[]> chunks = chunks(lines);
        AtomicLong done = new AtomicLong();
        AtomicLong exchanges = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, chunks.size())), r -> {
            Thread thread = new Thread(r, "script-indexer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int[] chunk : chunks) {
                futures.add(pool.submit(() -> {
                    if (progress.isCancelled()) {
                        return;
                    }
                    exchanges.addAndGet(indexChunk(writer, sourceId, firstLineId, lines, chunk[0], chunk[1]));
                    progress.update("indexing", done.addAndGet(chunk[1] - chunk[0]), lines.size());
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportCancelledException("Indexing was interrupted.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (progress.isCancelled()) {
            throw new ImportCancelledException("Import cancelled; nothing was kept.");
        }
        return exchanges.get();
    }

    /** [from, to) ranges of about {@link #CHUNK_LINES} lines that never cut a scene. */
    private static List<int[]> chunks(List<ScriptLine> lines) {
        List<int[]> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= lines.size(); i++) {
            boolean sceneEnds = i == lines.size() || lines.get(i).scene() != lines.get(i - 1).scene();
            if (sceneEnds && (i - start >= CHUNK_LINES || i == lines.size())) {
                chunks.add(new int[] {start, i});
                start = i;
            }
        }
        return chunks;
    }

    private long indexChunk(IndexWriter writer, long sourceId, long firstLineId, List<ScriptLine> lines,
                            int from, int to) {
        String[][] terms = new String[to - from][];
        for (int i = from; i < to; i++) {
            terms[i - from] = analyzer.terms(lines.get(i).text());
        }
        String source = Long.toString(sourceId);
        long count = 0;
        int sceneStart = from;
        try {
            for (int i = from; i < to; i++) {
                ScriptLine reply = lines.get(i);
                if (i > from && reply.scene() != lines.get(i - 1).scene()) {
                    sceneStart = i;
                }
                if (reply.isNarration()) {
                    continue;
                }
                int contextFrom = Math.max(sceneStart, i - window);
                int contextTo = contextFrom == i ? i + 1 : i;
                Document document = new Document();
                document.add(new Field(ExchangeFields.CONTEXT,
                        new CachedTokenStream(ExchangeFields.scope(reply.speaker()), terms, contextFrom - from,
                                contextTo - from), ExchangeFields.CONTEXT_TYPE));
                document.add(new StringField(ExchangeFields.SOURCE, source, Field.Store.NO));
                document.add(new IntPoint(ExchangeFields.REPLY_LENGTH, reply.text().length()));
                document.add(new StoredField(ExchangeFields.SOURCE_ID, sourceId));
                document.add(new StoredField(ExchangeFields.FIRST_ID, firstLineId + contextFrom));
                document.add(new StoredField(ExchangeFields.LAST_ID, firstLineId + i));
                document.add(new StoredField(ExchangeFields.SCENE, reply.scene()));
                writer.addDocument(document);
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }
}

package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;

/**
 * Turns a source's lines into line documents (see {@link LineFields}): each line is analyzed and
 * indexed once, with the speakers whose exchanges have it in their context (the reply within
 * {@code window} lines after it in its scene; a scene's first line is its own context, as in the
 * reference pipeline). Chunks of whole scenes are analyzed and added on several threads.
 */
final class LineIndexer {
    private static final int CHUNK_LINES = 20_000;
    private final int window;
    private final int threads;

    LineIndexer(int window, int threads) {
        this.window = window;
        this.threads = Math.max(1, threads);
    }

    /** Adds the lines of one source; returns how many exchanges they make (one per speaker line). */
    long index(IndexWriter writer, long sourceId, List<ScriptLine> lines, ImportProgress progress) {
        List<int[]> chunks = chunks(lines);
        AtomicLong done = new AtomicLong();
        AtomicLong exchanges = new AtomicLong();
        int poolSize = Math.min(threads, Math.max(1, chunks.size()));
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
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
                    exchanges.addAndGet(indexChunk(writer, sourceId, lines, chunk[0], chunk[1]));
                    progress.update("indexing", done.addAndGet(chunk[1] - chunk[0]), lines.size());
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            // each thread writes out one buffered segment now, in parallel, instead of the commit doing all in turn
            List<Future<Boolean>> flushes = new ArrayList<>();
            for (int t = 0; t < poolSize && !progress.isCancelled(); t++) {
                flushes.add(pool.submit(writer::flushNextBuffer));
            }
            for (Future<Boolean> flush : flushes) {
                flush.get();
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

    /** Adds one document per line of {@code [from, to)}; returns the number of exchanges (speaker lines). */
    private long indexChunk(IndexWriter writer, long sourceId, List<ScriptLine> lines, int from, int to) {
        String source = Long.toString(sourceId);
        long exchanges = 0;
        Set<String> repliers = new HashSet<>();
        try {
            for (int i = from; i < to; i++) {
                ScriptLine line = lines.get(i);
                if (!line.isNarration()) {
                    exchanges++;
                }
                repliers.clear();
                boolean sceneStart = i == 0 || lines.get(i - 1).scene() != line.scene();
                if (sceneStart && !line.isNarration()) {
                    repliers.add(line.speaker());
                }
                for (int r = i + 1; r <= i + window && r < to && lines.get(r).scene() == line.scene(); r++) {
                    if (!lines.get(r).isNarration()) {
                        repliers.add(lines.get(r).speaker());
                    }
                }
                Document document = new Document();
                document.add(new Field(LineFields.TEXT, line.text(), LineFields.TEXT_TYPE));
                for (String replier : repliers) {
                    document.add(new StringField(LineFields.CONTEXT_OF, replier, Field.Store.NO));
                }
                document.add(new StringField(LineFields.SOURCE, source, Field.Store.NO));
                document.add(new NumericDocValuesField(LineFields.SOURCE_ID, sourceId));
                document.add(new NumericDocValuesField(LineFields.POSITION, i));
                writer.addDocument(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exchanges;
    }
}

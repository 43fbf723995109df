package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.StoredLine;
import app.characterstudio.store.ScriptSource;
import app.characterstudio.store.ScriptRepository;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.analysis.ScriptAnalyzer;
import app.characterstudio.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;

/**
 * The script excerpts of a workspace: import, remove, reindex, speakers, lines by scene, retrieval.
 * The database holds the truth; the index is rebuilt from it whenever it is missing, unreadable or
 * out of step. Writes are serialized, across processes too ({@link IndexLock}: a second studio
 * importing into the same workspace waits for the first); each file is imported in one database
 * transaction whose index commit happens inside it, so a failure or a cancel leaves neither.
 */
public final class ScriptLibrary implements AutoCloseable {
    private final ScriptRepository store;
    private final ScriptAnalyzer analyzer = new ScriptAnalyzer();
    private final ScriptIndex index;
    private final LineTable table = new LineTable();
    private final int threads;
    private final Retriever retriever;
    private final IndexLock writerLock;
    private volatile Map<Long, String> sourceNames;
    private volatile boolean indexChecked;

    public ScriptLibrary(Database database, Path indexDir) {
        this(database, indexDir, Runtime.getRuntime().availableProcessors());
    }

    public ScriptLibrary(Database database, Path indexDir, int indexingThreads) {
        this(database, indexDir, indexingThreads, Duration.ofMinutes(10));
    }

    /** {@code patience}: how long a write waits for another studio writing the same index. */
    ScriptLibrary(Database database, Path indexDir, int indexingThreads, Duration patience) {
        this.writerLock = new IndexLock(indexDir.toAbsolutePath().resolveSibling(indexDir.getFileName() + ".lock"),
                patience);
        this.store = new ScriptRepository(database);
        this.index = new ScriptIndex(indexDir, analyzer);
        this.threads = indexingThreads;
        this.retriever = new Retriever(index, store, analyzer, table, id -> names().getOrDefault(id, "#" + id));
    }

    public ScriptRepository store() {
        return store;
    }

    /** Reads a file as an import would, storing nothing: for previews. */
    public ParsedScript preview(Path file, ImportOptions options) {
        return ScriptReader.read(file, options);
    }

    /** Imports files one after another, each all-or-nothing; the first failure stops it (see {@link #importEach}). */
    public List<ImportReport> importFiles(List<Path> files, ImportOptions options, ImportProgress progress) {
        List<ImportReport> reports = new ArrayList<>();
        for (Path file : files) {
            reports.add(importScript(ScriptReader.read(file, options), options.window(), progress));
        }
        return reports;
    }

    /**
     * Imports files one after another, each all-or-nothing, and says what happened to every one: a
     * file that cannot be read or stored is reported and the next one is tried; a cancel stops at the
     * file it reaches, and the files after it are reported as not tried.
     */
    public List<FileImport> importEach(List<Path> files, ImportOptions options, ImportProgress progress) {
        List<FileImport> outcomes = new ArrayList<>();
        for (Path file : files) {
            if (progress.isCancelled()) {
                outcomes.add(FileImport.failed(file, file + ": not tried, the import was cancelled."));
                continue;
            }
            try {
                outcomes.add(FileImport.imported(file, importScript(ScriptReader.read(file, options), options.window(),
                        progress)));
            } catch (app.characterstudio.StudioException e) {
                outcomes.add(FileImport.failed(file, naming(file, e.getMessage())));
            } catch (RuntimeException e) {
                outcomes.add(FileImport.failed(file, file + " could not be imported: " + e));
            }
        }
        return outcomes;
    }

    private static String naming(Path file, String message) {
        return message != null && message.contains(file.getFileName().toString()) ? message : file + ": " + message;
    }

    /** Stores a read script and indexes its exchanges; the same content twice is a no-op. */
    @SuppressWarnings("try") // the held lock is a guard: closing it releases the index writer lock
    public synchronized ImportReport importScript(ParsedScript script, int window, ImportProgress progress) {
        try (IndexLock.Held held = writerLock.acquire(progress)) {
            return importLocked(script, window, progress);
        }
    }

    private ImportReport importLocked(ParsedScript script, int window, ImportProgress progress) {
        ensureIndex();
        ImportReport report = store.inTransaction(writes -> {
            Optional<ScriptSource> existing = writes.findByHash(script.contentHash());
            if (existing.isPresent()) {
                ScriptSource source = existing.get();
                return new ImportReport(source.name(), script.path(), true, source.encoding(), source.format(),
                        source.sceneCount(), source.lineCount(), (int) script.speakerCount(), 0);
            }
            long sourceId = writes.insertSource(new ScriptSource(0, script.path(), script.name(), script.contentHash(),
                    script.encoding(), script.format().label(), Instant.now(), script.sceneCount(), script.lines().size(),
                    window));
            long firstLineId = writes.nextLineId();
            Set<Long> sources = writes.sourceIds();
            long exchanges = writeIndex(writer -> {
                AtomicBoolean failed = new AtomicBoolean();
                ImportProgress guarded = guard(progress, failed);
                CompletableFuture<Long> indexing = CompletableFuture.supplyAsync(() -> new LineIndexer(window, threads)
                        .index(writer, sourceId, script.lines(), guarded));
                try {
                    writes.insertLines(sourceId, script.lines(), firstLineId);
                } catch (RuntimeException e) {
                    failed.set(true);
                    joinQuietly(indexing);
                    throw e;
                }
                long added = join(indexing);
                ScriptIndex.commit(writer, sources);
                return added;
            });
            table.put(sourceId, LineTable.SourceLines.of(firstLineId, window, script.lines()));
            return new ImportReport(script.name(), script.path(), false, script.encoding(), script.format().label(),
                    script.sceneCount(), script.lines().size(), (int) script.speakerCount(), exchanges);
        });
        afterWrite();
        return report;
    }

    /** Removes a source (by name or id) with its lines and exchanges; false when there is none. */
    @SuppressWarnings("try") // the held lock is a guard: closing it releases the index writer lock
    public synchronized boolean remove(String source) {
        try (IndexLock.Held held = writerLock.acquire(ImportProgress.NONE)) {
            return removeLocked(source);
        }
    }

    private boolean removeLocked(String source) {
        ensureIndex();
        Optional<ScriptSource> found = find(source);
        if (found.isEmpty()) {
            return false;
        }
        long id = found.get().id();
        store.inTransaction(writes -> {
            writes.delete(id);
            Set<Long> sources = writes.sourceIds();
            return writeIndex(writer -> {
                writer.deleteDocuments(new Term(LineFields.SOURCE, Long.toString(id)));
                ScriptIndex.commit(writer, sources);
                return 0L;
            });
        });
        table.remove(id);
        afterWrite();
        return true;
    }

    /** Rebuilds the index from the database; returns the number of exchanges indexed. */
    @SuppressWarnings("try") // the held lock is a guard: closing it releases the index writer lock
    public synchronized long reindex(ImportProgress progress) {
        try (IndexLock.Held held = writerLock.acquire(progress)) {
            return rebuild(progress);
        }
    }

    private long rebuild(ImportProgress progress) {
        index.wipe();
        List<ScriptSource> sources = store.sources();
        IndexWriter writer = index.openWriter(true);
        long exchanges = 0;
        Map<Long, LineTable.SourceLines> shapes = new HashMap<>();
        try {
            for (ScriptSource source : sources) {
                List<StoredLine> stored = store.linesOf(source.id());
                if (stored.isEmpty()) {
                    continue;
                }
                List<ScriptLine> lines = stored.stream().map(StoredLine::line).toList();
                exchanges += new LineIndexer(source.window(), threads).index(writer, source.id(), lines, progress);
                shapes.put(source.id(), LineTable.SourceLines.of(stored.get(0).id(), source.window(), lines));
            }
            ScriptIndex.commit(writer, sources.stream().map(ScriptSource::id).collect(Collectors.toSet()));
            writer.close();
            table.reset(shapes);
        } catch (IOException e) {
            rollback(writer);
            throw new ScriptIndexException("Cannot rebuild the script index: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(writer);
            throw e;
        }
        indexChecked = true;
        afterWrite();
        return exchanges;
    }

    public List<ScriptSource> sources() {
        return store.sources();
    }

    /** Every speaker with their line count, and the persona whose script names include them. */
    public List<SpeakerCount> speakers(List<Persona> personas) {
        List<SpeakerCount> speakers = new ArrayList<>();
        store.speakerCounts().forEach((speaker, count) -> speakers.add(new SpeakerCount(speaker, count,
                personas.stream().filter(p -> p.scriptNames().contains(speaker)).map(Persona::id)
                        .findFirst().orElse(""))));
        return speakers;
    }

    /** Whole scenes where any of {@code names} speaks (optionally containing {@code filter}). */
    public List<StoredLine> scenesOf(List<String> names, String filter, int maxScenes) {
        return store.scenesOf(names, filter, maxScenes);
    }

    /** Not serialized with imports: searches see the last committed index while an import runs. */
    public List<RetrievedExchange> search(RetrievalQuery query) {
        if (!indexChecked) {
            synchronized (this) {
                ensureIndex();
            }
        }
        return retriever.search(query);
    }

    /** The retriever for callers that search often; {@link #search} also checks the index first. */
    public synchronized Retriever retriever() {
        ensureIndex();
        return retriever;
    }

    public long indexSizeOnDisk() {
        return index.sizeOnDisk();
    }

    public String sourceName(long id) {
        return names().getOrDefault(id, "#" + id);
    }

    @Override
    public synchronized void close() {
        index.close();
    }

    /** Rebuilds the index when it is missing, unreadable, or holds other sources than the database. */
    @SuppressWarnings("try") // the held lock is a guard: closing it releases the index writer lock
    private void ensureIndex() {
        if (indexChecked) {
            return;
        }
        if (!inStep()) {
            // another studio may be rebuilding it right now: wait for it, then look again
            try (IndexLock.Held held = writerLock.acquire(ImportProgress.NONE)) {
                if (!inStep()) {
                    rebuild(ImportProgress.NONE);
                    return;
                }
            }
        }
        if (!table.loaded()) {
            loadTable();
        }
        indexChecked = true;
    }

    private boolean inStep() {
        Set<Long> expected = store.sources().stream().map(ScriptSource::id).collect(Collectors.toSet());
        Optional<Set<Long>> committed = index.committedSources();
        return committed.isPresent() && committed.get().equals(expected);
    }

    /** Reads the lines' shapes from the database when the index on disk was already in step. */
    private void loadTable() {
        Map<Long, LineTable.SourceLines> shapes = new HashMap<>();
        for (ScriptSource source : store.sources()) {
            List<StoredLine> stored = store.linesOf(source.id());
            if (!stored.isEmpty()) {
                shapes.put(source.id(), LineTable.SourceLines.of(stored.get(0).id(), source.window(),
                        stored.stream().map(StoredLine::line).toList()));
            }
        }
        table.reset(shapes);
    }

    private Optional<ScriptSource> find(String source) {
        List<ScriptSource> all = store.sources();
        return all.stream().filter(s -> s.name().equals(source) || Long.toString(s.id()).equals(source)
                || s.path().equals(source)).findFirst();
    }

    private Map<Long, String> names() {
        Map<Long, String> names = sourceNames;
        if (names == null) {
            names = store.sources().stream().collect(Collectors.toMap(ScriptSource::id, ScriptSource::name));
            sourceNames = names;
        }
        return names;
    }

    private void afterWrite() {
        sourceNames = null;
        index.refresh();
    }

    @FunctionalInterface
    private interface IndexWork {
        long run(IndexWriter writer) throws IOException;
    }

    /** Runs {@code work} with a writer; any failure rolls the index back and the database with it. */
    private long writeIndex(IndexWork work) {
        IndexWriter writer = index.openWriter(false);
        try {
            long result = work.run(writer);
            writer.close();
            return result;
        } catch (IOException e) {
            rollback(writer);
            throw new ScriptIndexException("Cannot write the script index: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(writer);
            throw e;
        }
    }

    private static void rollback(IndexWriter writer) {
        try {
            writer.rollback();
        } catch (IOException ignored) {
            // the last commit stays as it was
        }
    }

    private static ImportProgress guard(ImportProgress progress, AtomicBoolean failed) {
        return new ImportProgress() {
            @Override
            public void update(String stage, long done, long total) {
                progress.update(stage, done, total);
            }

            @Override
            public boolean isCancelled() {
                return failed.get() || progress.isCancelled();
            }
        };
    }

    private static long join(CompletableFuture<Long> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void joinQuietly(CompletableFuture<Long> future) {
        try {
            future.join();
        } catch (CompletionException ignored) {
            // the database failure is the one reported
        }
    }
}

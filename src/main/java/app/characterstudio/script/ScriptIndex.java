package app.characterstudio.script;

import app.characterstudio.script.analysis.ScriptAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of exchanges under the workspace's {@code index/} folder. It is derived data:
 * each commit records which sources it holds, and an index that is missing, unreadable or out of
 * step with the database is rebuilt from the database by {@link ScriptLibrary}.
 */
final class ScriptIndex implements AutoCloseable {
    private static final String SOURCES_KEY = "sources";
    private final Path folder;
    private final ScriptAnalyzer analyzer;
    private Directory directory;
    private SearcherManager searchers;

    ScriptIndex(Path folder, ScriptAnalyzer analyzer) {
        this.folder = folder;
        this.analyzer = analyzer;
    }

    Path folder() {
        return folder;
    }

    /** The source ids of the last commit, or empty when the index is missing or cannot be read. */
    Optional<Set<Long>> committedSources() {
        try {
            Directory dir = directory();
            if (!DirectoryReader.indexExists(dir)) {
                return Optional.empty();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                String ids = reader.getIndexCommit().getUserData().get(SOURCES_KEY);
                return ids == null ? Optional.empty() : Optional.of(parseIds(ids));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    IndexWriter openWriter(boolean create) {
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(256)
                    // separate files: a flush writes each file once instead of copying it into a .cfs
                    .setUseCompoundFile(false)
                    .setCommitOnClose(false);
            if (config.getMergePolicy() instanceof org.apache.lucene.index.TieredMergePolicy tiered) {
                tiered.setNoCFSRatio(0);
            }
            return new IndexWriter(directory(), config);
        } catch (IOException e) {
            throw new ScriptIndexException("Cannot open the script index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Commits {@code writer}, recording that the index now holds exactly {@code sourceIds}. */
    static void commit(IndexWriter writer, Set<Long> sourceIds) throws IOException {
        writer.setLiveCommitData(Map.of(SOURCES_KEY,
                new TreeSet<>(sourceIds).stream().map(String::valueOf).collect(Collectors.joining(","))).entrySet());
        writer.commit();
    }

    /** Deletes every file of the index folder (it is derived data) so a rebuild starts clean. */
    synchronized void wipe() {
        closeSearchers();
        closeDirectory();
        try {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        if (Files.isDirectory(file)) {
                            deleteTree(file);
                        } else {
                            Files.delete(file);
                        }
                    }
                }
            } else if (Files.exists(folder)) {
                Files.delete(folder);
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ScriptIndexException("Cannot clear the script index folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A searcher over the latest commit; release it with {@link #release}. */
    synchronized IndexSearcher acquire() {
        try {
            if (searchers == null) {
                searchers = new SearcherManager(directory(), null);
            }
            return searchers.acquire();
        } catch (IOException e) {
            throw new ScriptIndexException("Cannot read the script index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Releases without the manager, which a rebuild may have replaced meanwhile. */
    void release(IndexSearcher searcher) {
        try {
            searcher.getIndexReader().decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes later searches see the latest commit. */
    synchronized void refresh() {
        if (searchers != null) {
            try {
                searchers.maybeRefreshBlocking();
            } catch (IOException e) {
                throw new ScriptIndexException("Cannot reopen the script index: " + e.getMessage(), e);
            }
        }
    }

    long sizeOnDisk() {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        closeSearchers();
        closeDirectory();
    }

    private Directory directory() throws IOException {
        if (directory == null) {
            Files.createDirectories(folder);
            directory = FSDirectory.open(folder);
        }
        return directory;
    }

    private void closeSearchers() {
        if (searchers != null) {
            try {
                searchers.close();
            } catch (IOException ignored) {
                // searchers only read; nothing is lost
            }
            searchers = null;
        }
    }

    private void closeDirectory() {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // nothing pending: writers are closed before
            }
            directory = null;
        }
    }

    private static Set<Long> parseIds(String ids) {
        return ids.isEmpty() ? Set.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).collect(Collectors.toSet());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

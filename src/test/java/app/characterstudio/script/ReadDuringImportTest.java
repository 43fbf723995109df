package app.characterstudio.script;

import app.characterstudio.store.ScriptSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.bench.ScriptBenchmark;
import app.characterstudio.store.ConversationRepository;
import app.characterstudio.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads go through the reader connection: a long import's open transaction does not hold them up. */
class ReadDuringImportTest {
    @TempDir
    Path dir;

    @Test
    void sessionsAreReadWhileAnImportHoldsItsTransactionOpen() throws Exception {
        Path corpus = dir.resolve("big.txt");
        ScriptBenchmark.writeCorpus(corpus, 5_000, 6, 1);
        try (Database database = Database.open(dir.resolve("studio.db"));
             ScriptLibrary library = new ScriptLibrary(database, dir.resolve("index"), 1)) {
            ConversationRepository conversations = new ConversationRepository(database);
            conversations.createSession("sansan", "before the import", "");
            library.sources();

            CountDownLatch insideTransaction = new CountDownLatch(1);
            CountDownLatch readDone = new CountDownLatch(1);
            ImportProgress holdsTheTransaction = new ImportProgress() {
                @Override
                public void update(String stage, long done, long total) {
                    if (stage.equals("indexing") && insideTransaction.getCount() > 0) {
                        insideTransaction.countDown();
                        await(readDone);
                    }
                }
            };
            CompletableFuture<List<ImportReport>> importing = CompletableFuture.supplyAsync(() ->
                    library.importFiles(List.of(corpus), ImportOptions.defaults(), holdsTheTransaction));
            assertTrue(insideTransaction.await(60, TimeUnit.SECONDS), "the import reached its indexing");

            // Before the reader connection this waited for the import's commit, which waits for this read.
            CompletableFuture<Integer> reading = CompletableFuture.supplyAsync(() -> conversations.sessions("sansan").size());
            int sessions = reading.get(60, TimeUnit.SECONDS);
            List<ScriptSource> sourcesDuringImport = library.sources();
            assertFalse(importing.isDone(), "the import has not committed yet");
            readDone.countDown();

            assertEquals(1, sessions);
            assertEquals(List.of(), sourcesDuringImport, "the reader sees the last commit, not the import in progress");
            assertEquals(5_000, importing.get(120, TimeUnit.SECONDS).get(0).lines());
            assertEquals(1, library.sources().size());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

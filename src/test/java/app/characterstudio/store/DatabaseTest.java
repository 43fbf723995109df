package app.characterstudio.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void newDatabaseIsMigratedToTheLatestSchemaWithWalAndForeignKeys() {
        try (Database db = Database.open(dir.resolve("studio.db"))) {
            assertEquals(Migrations.latestVersion(), db.schemaVersion());
            assertEquals("wal", pragma(db, "journal_mode"));
            assertEquals("1", pragma(db, "foreign_keys"));
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        Path file = dir.resolve("studio.db");
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "INSERT INTO sessions (character_id, created_at, updated_at) VALUES ('a', 1, 1)"));
        }
        try (Database db = Database.open(file)) {
            assertEquals("1", db.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM sessions")) {
                    rows.next();
                    return rows.getString(1);
                }
            }));
        }
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        try (Database db = Database.inMemory()) {
            assertThrows(StoreException.class, () -> db.inTransaction(c -> {
                c.createStatement().executeUpdate(
                        "INSERT INTO sessions (character_id, created_at, updated_at) VALUES ('a', 1, 1)");
                return c.createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }));
            assertEquals("0", db.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM sessions")) {
                    rows.next();
                    return rows.getString(1);
                }
            }));
        }
    }

    @Test
    void newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> c.createStatement().execute("PRAGMA user_version = 999"));
        }
        byte[] before = Files.readAllBytes(file);
        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(error.getMessage().contains("999"), error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void corruptFileIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("studio.db");
        byte[] garbage = "this is not a database, just some text that is long enough to have a header".repeat(20)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, garbage);
        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }

    @Test
    void corruptionInTheMiddleIsRefusedBeforeAnyWriteAndTheFileStaysByteIdentical() throws Exception {
        Path file = dir.resolve("studio.db");
        DatabaseFixtures.fillAndDamageTheMiddle(file);
        byte[] before = Files.readAllBytes(file);

        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));

        assertTrue(error.getMessage().contains(file + " is damaged"), error.getMessage());
        assertTrue(error.getMessage().contains("The newest backup is " + DailyBackup.fileOf(file)), error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(java.util.List.of("studio.db", "studio.db.daily.bak"),
                names(dir).stream().filter(n -> !n.endsWith("-shm") && !n.endsWith("-wal")).toList(),
                "no new database beside it, no WAL with anything in it");
        Path wal = dir.resolve("studio.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "nothing was written to the log either");

        Files.delete(DailyBackup.fileOf(file));
        StoreException withoutBackup = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(withoutBackup.getMessage().contains(".recover"), "says how to recover without a backup: "
                + withoutBackup.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aDatabaseInAFolderStillToBeMadeIsCreated() {
        try (Database db = Database.open(dir.resolve("new/folder/studio.db"))) {
            assertEquals(Migrations.latestVersion(), db.schemaVersion());
        }
    }

    @Test
    void openedForReadingNothingCanBeWritten() throws Exception {
        Path file = dir.resolve("studio.db");
        Database.open(file).close();
        byte[] before = Files.readAllBytes(file);
        try (Database db = Database.openReadOnly(file)) {
            assertEquals(Migrations.latestVersion(), db.schemaVersion());
            StoreException error = assertThrows(StoreException.class, () -> db.inTransaction(c -> c.createStatement()
                    .executeUpdate("INSERT INTO sessions (character_id, created_at, updated_at) VALUES ('a', 1, 1)")));
            assertTrue(error.getMessage().contains("opened for reading only"), error.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aDamagedDatabaseOffersTheNewestBackup() throws Exception {
        Path file = dir.resolve("studio.db");
        DatabaseFixtures.fillAndDamageTheMiddle(file);
        Path older = Files.writeString(dir.resolve("studio.db.schema-v1.bak"), "older");
        Path newer = Files.writeString(dir.resolve("studio.db.schema-v2.bak"), "newer");
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(DailyBackup.fileOf(file), java.nio.file.attribute.FileTime.fromMillis(2_000_000));

        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));

        assertTrue(error.getMessage().contains("The newest backup is " + newer), error.getMessage());
    }

    @Test
    void aCheckedDatabaseIsCopiedOnceADayAndTheCopyIsAWholeDatabase() throws Exception {
        Path file = dir.resolve("studio.db");
        Path backup = DailyBackup.fileOf(file);
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "INSERT INTO sessions (character_id, created_at, updated_at) VALUES ('a', 1, 1)"));
        }
        java.nio.file.attribute.FileTime first = Files.getLastModifiedTime(backup);
        Database.open(file).close();
        assertEquals(first, Files.getLastModifiedTime(backup), "not renewed within a day");

        Files.setLastModifiedTime(backup, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(DailyBackup.EVERY).minusSeconds(60)));
        Database.open(file).close();

        try (Database copy = Database.openReadOnly(backup)) {
            assertEquals(1, (int) copy.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM sessions")) {
                    rows.next();
                    return rows.getInt(1);
                }
            }), "a day later the copy holds the session");
        }
        assertEquals(java.util.List.of("studio.db", "studio.db.daily.bak"),
                names(dir).stream().filter(n -> !n.contains("-")).toList(), "no partial copy left");
    }

    @Test
    void anEmptyFileIsNotTakenForANewDatabase() throws Exception {
        Path file = Files.createFile(dir.resolve("studio.db"));

        StoreException error = assertThrows(StoreException.class, () -> Database.open(file));

        assertTrue(error.getMessage().contains(file + " is empty (0 bytes)"), error.getMessage());
        assertEquals(0, Files.size(file));
        assertEquals(java.util.List.of("studio.db"), names(dir));
    }

    private static java.util.List<String> names(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void emptyOlderDatabaseIsMigrated() throws Exception {
        Path file = dir.resolve("studio.db");
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> c.createStatement().execute("PRAGMA user_version = 0"));
            db.onWriter(c -> {
                try (Statement s = c.createStatement()) {
                    // every table of every migration, so the test stays true as migrations are added
                    java.util.List<String> tables = new java.util.ArrayList<>();
                    try (var rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                            + " AND name NOT LIKE 'sqlite_%'")) {
                        while (rows.next()) {
                            tables.add(rows.getString(1));
                        }
                    }
                    s.execute("PRAGMA foreign_keys = OFF");
                    for (String table : tables) {
                        s.execute("DROP TABLE " + table);
                    }
                }
                return null;
            });
        }
        try (Database db = Database.open(file)) {
            assertEquals(Migrations.latestVersion(), db.schemaVersion());
        }
        try (Database db = Database.open(file)) {
            assertEquals(0, (int) db.read(c -> c.createStatement()
                    .executeQuery("SELECT count(*) FROM candidates").getInt(1)));
        }
    }

    @Test
    void statementsAreSplitOnLineEndingSemicolons() {
        assertEquals(2, Migrations.splitStatements("-- note\nCREATE TABLE a (x);\n\nCREATE TABLE b (\n y\n);\n").size());
    }

    private static String pragma(Database db, String name) {
        return db.read(c -> {
            try (ResultSet rows = c.createStatement().executeQuery("PRAGMA " + name)) {
                rows.next();
                return rows.getString(1);
            }
        });
    }

    @Test
    void aReadWaitsForAShortWriteInProgressSoTheWriteQueuedBeforeItIsSeen() throws Exception {
        try (Database db = Database.open(dir.resolve("studio.db"))) {
            db.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE marks (value INTEGER)");
                }
                return null;
            });
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread writer = new Thread(() -> db.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO marks VALUES (1)");
                }
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            writer.start();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            CompletableFuture<Integer> count = CompletableFuture.supplyAsync(
                    () -> db.read(connection -> {
                        try (Statement statement = connection.createStatement();
                             ResultSet rows = statement.executeQuery("SELECT count(*) FROM marks")) {
                            rows.next();
                            return rows.getInt(1);
                        }
                    }));
            Thread.sleep(200); // the read has started and, on the reader connection, would see no row
            release.countDown();
            writer.join();
            assertEquals(1, count.get(30, TimeUnit.SECONDS),
                    "a read issued during a short write sees it once committed");
        }
    }
}

package app.characterstudio.cli;

import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.DatasetFormats;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportPlan;
import app.characterstudio.export.ExportResult;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.Database;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench export --turns N}: fills a temporary workspace with N labeled turns (sessions of ten
 * turns, three characters, two or three replies per turn, some edits, reasons and retrieval blocks)
 * and times a full export (read, filter, dedup, split, render, write, hash) per format.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Time dataset export on N generated labeled turns in a temporary workspace.")
final class BenchExportCommand implements Callable<Integer> {
    private static final String[] CHARACTERS = {"lin", "zhao", "xu"};
    /** The common reasons; unsafe and other stay rare in real labels, so the generated ones leave them out. */
    private static final String[] REASONS = Stream.of(ReasonTag.OUT_OF_CHARACTER, ReasonTag.WRONG_FACTS, ReasonTag.BLAND,
            ReasonTag.TOO_LONG, ReasonTag.REPETITIVE).map(ReasonTag::tag).toArray(String[]::new);

    @Spec
    CommandSpec spec;

    @Option(names = "--turns", paramLabel = "N", defaultValue = "100000", description = "Labeled turns (default ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--format", paramLabel = "FORMAT", arity = "1..*", description = "Formats to time (default: all).")
    List<String> formats = List.of();

    @Option(names = "--dedup", paramLabel = "MODE", defaultValue = "exact", description = "exact, near or none (default ${DEFAULT-VALUE}).")
    ExportOptions.Dedup dedup;

    @Option(names = "--with-retrieval", description = "Render the retrieved exchanges into the system part.")
    boolean withRetrieval;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = Files.createTempDirectory("studio-bench-export");
        try (Studio studio = Studio.open(Workspace.open(root))) {
            long start = System.nanoTime();
            for (String id : CHARACTERS) {
                studio.personas().save(Persona.named(id, "角色" + id));
            }
            generate(studio.database(), turns);
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            List<DatasetFormat> chosen = formats.isEmpty() ? DatasetFormats.all()
                    : formats.stream().map(DatasetFormats::byId).toList();
            ExportOptions options = ExportOptions.defaults().withDedup(dedup)
                    .withSystemPart(withRetrieval ? ExportOptions.SystemPart.TEMPLATE : ExportOptions.SystemPart.PERSONA);
            List<Map<String, Object>> timings = new ArrayList<>();
            if (!json) {
                out.printf("generated %d labeled turns in %.1f s; exporting (dedup %s%s)%n", turns, generateSeconds,
                        dedup.name().toLowerCase(java.util.Locale.ROOT), withRetrieval ? ", with retrieval" : "");
            }
            for (DatasetFormat format : chosen) {
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long began = System.nanoTime();
                long cpuBegan = threads.getCurrentThreadCpuTime();
                ExportPlan plan = studio.exports().plan(format, options, ExportListener.NONE);
                double planSeconds = (System.nanoTime() - began) / 1e9;
                ExportResult result = studio.exports().write(plan, null, ExportListener.NONE);
                double seconds = (System.nanoTime() - began) / 1e9;
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuBegan) / 1e9;
                long bytes = size(result.folder());
                Map<String, Object> timing = new LinkedHashMap<>();
                timing.put("format", format.id());
                timing.put("rows", result.plan().rowCount());
                timing.put("bytes", bytes);
                timing.put("seconds", Math.round(seconds * 100) / 100.0);
                timing.put("plan_seconds", Math.round(planSeconds * 100) / 100.0);
                timing.put("write_seconds", Math.round((seconds - planSeconds) * 100) / 100.0);
                timing.put("cpu_seconds", Math.round(cpuSeconds * 100) / 100.0);
                timings.add(timing);
                if (!json) {
                    out.printf("%-13s %8d rows %7.1f MB %6.2f s wall (plan %.2f + write %.2f), %.2f s CPU of the export thread%n",
                            format.id(), result.plan().rowCount(), bytes / 1e6, seconds, planSeconds, seconds - planSeconds,
                            cpuSeconds);
                }
                out.flush();
            }
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("turns", turns);
                report.put("generate_seconds", Math.round(generateSeconds * 100) / 100.0);
                report.put("dedup", dedup.name().toLowerCase(java.util.Locale.ROOT));
                report.put("exports", timings);
                out.println(Json.write(report));
            }
        } finally {
            delete(root);
        }
        out.flush();
        return 0;
    }

    /** Sessions of ten turns; each turn's next turn follows its chosen reply. */
    static void generate(Database database, int turns) {
        database.inTransaction(connection -> {
            Random random = new Random(7);
            try (Inserts inserts = new Inserts(connection)) {
                long sessionId = 0;
                long turnId = 0;
                long candidateId = 0;
                long parent = 0;
                for (int i = 0; i < turns; i++) {
                    if (i % 10 == 0) {
                        sessionId++;
                        parent = 0;
                        inserts.session(sessionId, CHARACTERS[(int) (sessionId % CHARACTERS.length)]);
                    }
                    turnId++;
                    inserts.turn(turnId, sessionId, parent, "第" + i + "句：今天" + (i % 97) + "点我们去哪里玩？你想好了吗");
                    String retrieval = "[{\"text\":\"听众:在吗" + (i % 50) + "\\n角色:在呢，怎么了\",\"source\":\"script.txt\","
                            + "\"first_line\":" + i + ",\"last_line\":" + (i + 1) + ",\"score\":1.5}]";
                    long good = ++candidateId;
                    inserts.candidate(good, turnId, "好的回答" + i + "：我们去湖边散步吧，那里风景很好，还能看到夕阳。", "model", 0, retrieval);
                    long bad = ++candidateId;
                    inserts.candidate(bad, turnId, "差的回答" + i + "：随便。", "model", 0, retrieval);
                    long chosen = good;
                    if (i % 5 == 0) {
                        chosen = ++candidateId;
                        inserts.candidate(chosen, turnId, "改写的回答" + i + "：去湖边吧，我带上相机给你拍照。", "edit", good, null);
                    }
                    inserts.label(turnId, chosen, i % 50 == 0, 1_767_225_600_000L + i * 1000L);
                    inserts.rejection(turnId, bad);
                    if (random.nextInt(3) == 0) {
                        inserts.reason(turnId, REASONS[random.nextInt(REASONS.length)]);
                    }
                    parent = chosen;
                }
            }
            return null;
        });
    }

    /** Prepared inserts with explicit ids, parents before children, all in the caller's transaction. */
    private static final class Inserts implements AutoCloseable {
        private final List<PreparedStatement> statements = new ArrayList<>();
        private final PreparedStatement session;
        private final PreparedStatement turn;
        private final PreparedStatement candidate;
        private final PreparedStatement label;
        private final PreparedStatement rejection;
        private final PreparedStatement reason;

        Inserts(Connection connection) throws SQLException {
            session = prepare(connection, "INSERT INTO sessions (id, character_id, user_name, created_at, updated_at) VALUES (?, ?, '小明', 0, 0)");
            turn = prepare(connection, "INSERT INTO turns (id, session_id, parent_candidate_id, user_text, created_at) VALUES (?, ?, ?, ?, 0)");
            candidate = prepare(connection, "INSERT INTO candidates (id, turn_id, text, origin, edited_from_id, retrieval_json, created_at) VALUES (?, ?, ?, ?, ?, ?, 0)");
            label = prepare(connection, "INSERT INTO labels (turn_id, chosen_candidate_id, safety_case, labeled_at) VALUES (?, ?, ?, ?)");
            rejection = prepare(connection, "INSERT INTO label_rejections (turn_id, candidate_id) VALUES (?, ?)");
            reason = prepare(connection, "INSERT INTO label_reasons (turn_id, reason) VALUES (?, ?)");
        }

        private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            statements.add(statement);
            return statement;
        }

        void session(long id, String character) throws SQLException {
            session.setLong(1, id);
            session.setString(2, character);
            add(session);
        }

        void turn(long id, long sessionId, long parent, String text) throws SQLException {
            turn.setLong(1, id);
            turn.setLong(2, sessionId);
            turn.setObject(3, parent == 0 ? null : parent);
            turn.setString(4, text);
            add(turn);
        }

        void candidate(long id, long turnId, String text, String origin, long editedFrom, String retrieval) throws SQLException {
            candidate.setLong(1, id);
            candidate.setLong(2, turnId);
            candidate.setString(3, text);
            candidate.setString(4, origin);
            candidate.setObject(5, editedFrom == 0 ? null : editedFrom);
            candidate.setString(6, retrieval);
            add(candidate);
        }

        void label(long turnId, long chosen, boolean safety, long at) throws SQLException {
            label.setLong(1, turnId);
            label.setLong(2, chosen);
            label.setInt(3, safety ? 1 : 0);
            label.setLong(4, at);
            add(label);
        }

        void rejection(long turnId, long candidateId) throws SQLException {
            rejection.setLong(1, turnId);
            rejection.setLong(2, candidateId);
            add(rejection);
        }

        void reason(long turnId, String tag) throws SQLException {
            reason.setLong(1, turnId);
            reason.setString(2, tag);
            add(reason);
        }

        private static void add(PreparedStatement statement) throws SQLException {
            statement.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : statements) {
                statement.close();
            }
        }
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package app.characterstudio.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema history, oldest first. Schema version N is reached by running migrations 1..N; the
 * version is kept in {@code PRAGMA user_version}. Never edit a migration that has shipped: add one.
 * Each script's version is the number in its name; a number reserved for work not merged yet has no script
 * and runs nothing (parallel branches are given version numbers in advance).
 */
final class Migrations {
    /** Resource names under {@code /db/migration/}, in order of their version ({@code V<n>__}). */
    private static final List<String> SCRIPTS = List.of(
            "V1__sessions_and_labels.sql",
            "V2__script_library.sql",
            "V3__template_layout.sql",
            "V4__label_edit_origins_kept.sql",
            "V5__labelers_history_stable_ids.sql",
            "V6__evaluation_runs.sql",
            "V7__reward_scores.sql",
            "V8__reasons_per_reply.sql",
            "V9__eval_run_backend.sql");

    private Migrations() {
    }

    static int latestVersion() {
        return versionOf(SCRIPTS.get(SCRIPTS.size() - 1));
    }

    private static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    /** The SQL statements that take a database from {@code version - 1} to {@code version}. */
    static List<String> statementsOf(int version) {
        String script = SCRIPTS.stream().filter(s -> versionOf(s) == version).findFirst().orElse(null);
        if (script == null) {
            return List.of();
        }
        String name = "/db/migration/" + script;
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing from the build: " + name);
            }
            return splitStatements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script on semicolons that end a line; line comments are dropped. */
    static List<String> splitStatements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}

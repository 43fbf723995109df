package app.characterstudio.bench;

import app.characterstudio.export.DatasetFormat;
import app.characterstudio.export.ExportListener;
import app.characterstudio.export.ExportOptions;
import app.characterstudio.export.ExportPlan;
import app.characterstudio.export.ExportResult;
import app.characterstudio.label.ReasonTag;
import app.characterstudio.persona.Persona;
import app.characterstudio.store.BenchmarkData;
import app.characterstudio.store.Database;
import app.characterstudio.workspace.Studio;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Dataset export on generated labels: N labeled turns (sessions of ten turns, three characters, two or
 * three replies per turn, some edits, reasons and retrieval blocks), then a full export (read, filter,
 * dedup, split, render, write, hash) timed per format.
 */
public final class ExportBenchmark {
    private static final String[] CHARACTERS = {"lin", "zhao", "xu"};
    /** The common reasons; unsafe and other stay rare in real labels, so the generated ones leave them out. */
    private static final String[] REASONS = Stream.of(ReasonTag.OUT_OF_CHARACTER, ReasonTag.WRONG_FACTS, ReasonTag.BLAND,
            ReasonTag.TOO_LONG, ReasonTag.REPETITIVE).map(ReasonTag::tag).toArray(String[]::new);

    private ExportBenchmark() {
    }

    /** One format's export: wall time of planning and of the whole, and the export thread's CPU time. */
    public record Timing(String format, long rows, long bytes, double seconds, double planSeconds, double cpuSeconds) {
        public double writeSeconds() {
            return seconds - planSeconds;
        }
    }

    /** Saves the three characters and writes {@code turns} labeled turns; returns the seconds it took. */
    public static double fill(Studio studio, int turns) {
        long start = System.nanoTime();
        for (String id : CHARACTERS) {
            studio.personas().save(Persona.named(id, "角色" + id));
        }
        generate(studio.database(), turns);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Plans and writes one export of {@code format}. */
    public static Timing time(Studio studio, DatasetFormat format, ExportOptions options) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long began = System.nanoTime();
        long cpuBegan = threads.getCurrentThreadCpuTime();
        ExportPlan plan = studio.exports().plan(format, options, ExportListener.NONE);
        double planSeconds = (System.nanoTime() - began) / 1e9;
        ExportResult result = studio.exports().write(plan, null, ExportListener.NONE);
        double seconds = (System.nanoTime() - began) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuBegan) / 1e9;
        return new Timing(format.id(), result.plan().rowCount(), WorkFolder.size(result.folder()), seconds, planSeconds,
                cpuSeconds);
    }

    /** Sessions of ten turns; each turn's next turn follows its chosen reply. */
    public static void generate(Database database, int turns) {
        BenchmarkData.writeLabeledTurns(database, inserts -> {
            Random random = new Random(7);
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
        });
    }
}

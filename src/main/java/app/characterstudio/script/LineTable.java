package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of every indexed line in compact arrays (scene, speaker, reply length per position of
 * each source), so that a search can turn line hits into exchanges without reading the database.
 * Replaced whole on every change (copy on write): searches running meanwhile keep a consistent view.
 */
final class LineTable {
    private volatile Map<Long, SourceLines> sources = Map.of();
    private volatile boolean loaded;

    /** The lines of one source; position {@code p} has line id {@code firstLineId + p}. */
    record SourceLines(long firstLineId, int window, int[] scene, String[] speaker, int[] length) {
        static SourceLines of(long firstLineId, int window, List<ScriptLine> lines) {
            int[] scene = new int[lines.size()];
            String[] speaker = new String[lines.size()];
            int[] length = new int[lines.size()];
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                ScriptLine line = lines.get(i);
                scene[i] = line.scene();
                speaker[i] = names.computeIfAbsent(line.speaker(), s -> s);
                length[i] = line.text().length();
            }
            return new SourceLines(firstLineId, window, scene, speaker, length);
        }

        int size() {
            return scene.length;
        }

        boolean sceneStart(int position) {
            return position == 0 || scene[position - 1] != scene[position];
        }

        /** Position of the first context line of the exchange replying with {@code reply}. */
        int contextFrom(int reply) {
            int from = reply;
            while (from > 0 && reply - from < window && scene[from - 1] == scene[reply]) {
                from--;
            }
            return from;
        }
    }

    boolean loaded() {
        return loaded;
    }

    SourceLines get(long sourceId) {
        return sources.get(sourceId);
    }

    synchronized void put(long sourceId, SourceLines lines) {
        Map<Long, SourceLines> copy = new HashMap<>(sources);
        copy.put(sourceId, lines);
        sources = Map.copyOf(copy);
    }

    synchronized void remove(long sourceId) {
        Map<Long, SourceLines> copy = new HashMap<>(sources);
        copy.remove(sourceId);
        sources = Map.copyOf(copy);
    }

    /** Replaces everything; from then on the table is in step with the database. */
    synchronized void reset(Map<Long, SourceLines> all) {
        sources = Map.copyOf(all);
        loaded = true;
    }
}

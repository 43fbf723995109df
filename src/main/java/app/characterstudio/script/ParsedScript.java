package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import java.util.List;

/**
 * A script file read and split into scenes, ready to store.
 *
 * @param contentHash hex SHA-256 of the file's bytes: the same content is imported once
 */
public record ParsedScript(String path, String name, String contentHash, String encoding, ScriptFormat format,
                           List<ScriptLine> lines) {
    public ParsedScript {
        lines = List.copyOf(lines);
    }

    public int sceneCount() {
        return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).scene();
    }

    public long speakerCount() {
        return lines.stream().map(ScriptLine::speaker).filter(s -> !s.isEmpty()).distinct().count();
    }
}

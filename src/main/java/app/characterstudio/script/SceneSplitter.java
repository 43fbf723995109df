package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import java.util.ArrayList;
import java.util.List;

/** Numbers the scenes of parsed entries: a heading always starts one, a blank line when the rule says so. */
final class SceneSplitter {
    private SceneSplitter() {
    }

    static List<ScriptLine> split(List<ParsedEntry> entries, SceneRule rule) {
        List<ScriptLine> lines = new ArrayList<>(entries.size());
        int scene = 1;
        boolean sceneHasLines = false;
        for (ParsedEntry entry : entries) {
            switch (entry.kind()) {
                case HEADING -> {
                    if (sceneHasLines) {
                        scene++;
                        sceneHasLines = false;
                    }
                }
                case BLANK -> {
                    if (rule.splitOnBlankLines() && sceneHasLines) {
                        scene++;
                        sceneHasLines = false;
                    }
                }
                case UTTERANCE -> {
                    lines.add(new ScriptLine(scene, entry.lineNumber(), entry.speaker(), entry.text(), entry.direction()));
                    sceneHasLines = true;
                }
            }
        }
        return lines;
    }
}

package app.characterstudio.eval;

import app.characterstudio.persona.Persona;
import app.characterstudio.script.ScriptLibrary;
import app.characterstudio.store.EvalRepository.ItemDraft;
import app.characterstudio.store.ScriptLine;
import app.characterstudio.store.StoredLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws held-out exchanges of a character from the workspace's scripts: a line of the character that answers
 * another speaker, with the spoken lines before it in its scene (at most {@link #CONTEXT_LINES}) as the context.
 */
final class ScriptHoldOut {
    static final int CONTEXT_LINES = 6;
    private static final int MAX_SCENES = 100_000;

    private ScriptHoldOut() {
    }

    static List<ItemDraft> draw(ScriptLibrary scripts, Persona persona, int count, long seed) {
        List<String> names = persona.scriptNames();
        String role = EvalService.roleName(persona);
        if (names.isEmpty()) {
            throw new EvalException("Character '" + persona.id() + "' has no script names, so none of its lines can be "
                    + "held out; link its names to script speakers first.");
        }
        List<StoredLine> lines = scripts.scenesOf(names, "", MAX_SCENES);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            ScriptLine line = lines.get(i).line();
            StoredLine before = lines.get(i - 1);
            if (names.contains(line.speaker()) && sameScene(before, lines.get(i)) && !before.line().isNarration()
                    && !names.contains(before.line().speaker()) && !line.text().isBlank()) {
                candidates.add(i);
            }
        }
        if (candidates.size() < count) {
            throw new EvalException("Character '" + persona.id() + "' answers someone in only " + candidates.size()
                    + " script lines; cannot hold out " + count + ".");
        }
        Collections.shuffle(candidates, new Random(seed));
        List<Integer> chosen = new ArrayList<>(candidates.subList(0, count));
        Collections.sort(chosen);
        List<ItemDraft> drafts = new ArrayList<>();
        for (int at : chosen) {
            StoredLine answer = lines.get(at);
            List<String> context = new ArrayList<>();
            for (int j = at - 1; j >= 0 && context.size() < CONTEXT_LINES && sameScene(lines.get(j), answer); j--) {
                ScriptLine line = lines.get(j).line();
                if (!line.isNarration()) {
                    String speaker = names.contains(line.speaker()) ? role : line.speaker();
                    context.add(0, speaker + CharacterEvalFiles.SPEAKER_SEPARATOR + line.text());
                }
            }
            String source = scripts.sourceName(answer.sourceId());
            drafts.add(new ItemDraft(persona.id() + ":" + source + ":" + answer.line().lineNumber(), persona.id(), role,
                    source, String.join("\n", context), answer.line().text(), EvalService.metricsJson(Metric.CHARACTER_EVAL),
                    source, answer.line().lineNumber()));
        }
        return drafts;
    }

    private static boolean sameScene(StoredLine a, StoredLine b) {
        return a.sourceId() == b.sourceId() && a.line().scene() == b.line().scene();
    }
}

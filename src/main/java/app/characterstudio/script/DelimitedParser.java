package app.characterstudio.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CSV and TSV. Two layouts: a dialogue column whose cells each hold several
 * {@code Speaker：utterance} lines (the Index role-play demo, header {@code 序号,对话}; each cell is
 * a scene), or one row per line with a speaker and a text column (chosen, or found by header name;
 * an empty row or a change in a {@code scene} column starts a scene).
 */
final class DelimitedParser implements ScriptParser {
    private static final Set<String> SPEAKER_HEADERS = Set.of("speaker", "role", "name", "character",
            "角色", "说话人", "人物", "角色名", "发言人");
    private static final Set<String> TEXT_HEADERS = Set.of("text", "line", "utterance", "content", "dialogue",
            "台词", "内容", "文本", "话语");
    private static final Set<String> DIALOGUE_HEADERS = Set.of("对话", "dialog", "dialogue", "conversation",
            "dialogs", "对白");
    private static final Set<String> SCENE_HEADERS = Set.of("scene", "场景", "场", "scene_id");

    private final char delimiter;

    DelimitedParser(char delimiter) {
        this.delimiter = delimiter;
    }

    @Override
    public List<ParsedEntry> parse(String text, String fileName, ImportOptions options) {
        List<CsvReader.Row> rows = CsvReader.read(text, delimiter, fileName);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0).cells().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<CsvReader.Row> body = rows.subList(1, rows.size());
        if (options.speakerColumn() != null || options.textColumn() != null) {
            if (options.speakerColumn() == null || options.textColumn() == null) {
                throw new ScriptFormatException(fileName + ": give both the speaker column and the text column.");
            }
            return perRow(body, column(header, options.speakerColumn(), fileName),
                    column(header, options.textColumn(), fileName), indexOf(header, SCENE_HEADERS));
        }
        int speaker = indexOf(header, SPEAKER_HEADERS);
        int utterance = indexOf(header, TEXT_HEADERS);
        int dialogue = indexOf(header, DIALOGUE_HEADERS);
        if (dialogue >= 0 && (speaker < 0 || utterance < 0)) {
            return dialogueCells(body, dialogue);
        }
        if (speaker >= 0 && utterance >= 0) {
            return perRow(body, speaker, utterance, indexOf(header, SCENE_HEADERS));
        }
        throw new ScriptFormatException(fileName + " line 1: cannot tell which columns hold the dialogue (header "
                + rows.get(0).cells() + "). Expected a dialogue column (对话/dialogue) or speaker and text "
                + "columns; choose them with --speaker-col and --text-col.");
    }

    /** Column by header name or 1-based number. */
    private static int column(List<String> header, String spec, String fileName) {
        String key = spec.strip().toLowerCase(Locale.ROOT);
        int byName = header.indexOf(key);
        if (byName >= 0) {
            return byName;
        }
        if (key.matches("[0-9]+")) {
            int number = Integer.parseInt(key);
            if (number >= 1 && number <= header.size()) {
                return number - 1;
            }
        }
        throw new ScriptFormatException(fileName + ": no column \"" + spec + "\"; the header has " + header
                + " (give a name or a number from 1 to " + header.size() + ").");
    }

    private static int indexOf(List<String> header, Set<String> names) {
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(header.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<ParsedEntry> dialogueCells(List<CsvReader.Row> rows, int column) {
        List<ParsedEntry> entries = new ArrayList<>();
        for (CsvReader.Row row : rows) {
            if (column >= row.cells().size() || row.cell(column).isBlank()) {
                continue;
            }
            int firstLine = row.cellLines().get(column);
            entries.add(ParsedEntry.heading(firstLine, ""));
            int offset = 0;
            for (String line : row.cell(column).lines().toList()) {
                addSpeakerLine(entries, firstLine + offset, line);
                offset++;
            }
        }
        return entries;
    }

    /** A {@code speaker：utterance} line of a dialogue as an utterance, unless it is blank or says nothing. */
    static void addSpeakerLine(List<ParsedEntry> entries, int lineNumber, String line) {
        if (!line.isBlank()) {
            SpeakerLineParser.Parsed parsed = SpeakerLineParser.parse(line);
            if (!parsed.text().isEmpty()) {
                entries.add(ParsedEntry.utterance(lineNumber, parsed.speaker(), parsed.text(), parsed.direction()));
            }
        }
    }

    private static List<ParsedEntry> perRow(List<CsvReader.Row> rows, int speakerColumn, int textColumn,
                                            int sceneColumn) {
        List<ParsedEntry> entries = new ArrayList<>();
        String scene = null;
        for (CsvReader.Row row : rows) {
            if (row.isEmpty()) {
                entries.add(ParsedEntry.blank(row.lineNumber()));
                continue;
            }
            if (sceneColumn >= 0 && !row.cell(sceneColumn).equals(scene)) {
                scene = row.cell(sceneColumn);
                entries.add(ParsedEntry.heading(row.lineNumber(), scene));
            }
            SpeakerLineParser.Parsed parsed = SpeakerLineParser.utteranceOnly(row.cell(textColumn));
            String speaker = row.cell(speakerColumn).strip();
            if (!parsed.text().isEmpty()) {
                entries.add(ParsedEntry.utterance(row.lineNumber(), SpeakerLineParser.isNarrator(speaker) ? "" : speaker,
                        parsed.text(), parsed.direction()));
            }
        }
        return entries;
    }
}

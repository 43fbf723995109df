package app.characterstudio.script;

import java.util.Locale;

/** The script file formats the studio reads, each with its parser; detected by extension, then content. */
public enum ScriptFormat {
    SCREENPLAY("screenplay", new ScreenplayParser()),
    CSV("csv", new DelimitedParser(',')),
    TSV("tsv", new DelimitedParser('\t')),
    JSON("json", new JsonDialogueParser()),
    /** The Index role-play character file: a list of {@code {role_name, role_info, dialog}}. */
    INDEX_CHARACTER("index-character", new CharacterDialogueParser()),
    SRT("srt", new SrtParser());

    private final String label;
    private final ScriptParser parser;

    ScriptFormat(String label, ScriptParser parser) {
        this.label = label;
        this.parser = parser;
    }

    public String label() {
        return label;
    }

    public ScriptParser parser() {
        return parser;
    }

    /** {@code screenplay|txt, csv, tsv, json|jsonl, index-character, srt}. */
    public static ScriptFormat parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "screenplay", "txt", "text" -> SCREENPLAY;
            case "csv" -> CSV;
            case "tsv" -> TSV;
            case "json", "jsonl" -> JSON;
            case "index-character" -> INDEX_CHARACTER;
            case "srt" -> SRT;
            default -> throw new ScriptFormatException("Unknown script format \"" + name
                    + "\": expected screenplay, csv, tsv, json, index-character or srt.");
        };
    }

    /** The format of {@code fileName} holding {@code text}: by extension, else by what the text looks like. */
    public static ScriptFormat detect(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".srt")) {
            return SRT;
        }
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
            return TSV;
        }
        String start = text.stripLeading();
        if ((lower.endsWith(".json") || start.startsWith("[")) && CharacterDialogueParser.looksLike(text)) {
            return INDEX_CHARACTER;
        }
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSON;
        }
        if (start.startsWith("[") || start.startsWith("{")) {
            return JSON;
        }
        String[] first = start.lines().limit(3).toArray(String[]::new);
        if (first.length >= 2 && first[0].strip().matches("\\d+") && first[1].contains("-->")) {
            return SRT;
        }
        if (first.length >= 1 && first[0].contains("\t") && !first[0].contains("：")) {
            return TSV;
        }
        return SCREENPLAY;
    }
}

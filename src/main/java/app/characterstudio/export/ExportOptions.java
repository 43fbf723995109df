package app.characterstudio.export;

import app.characterstudio.label.ReasonTag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to export and how. Empty {@code characters}, {@code sessions} or {@code reasons} mean all;
 * {@code from}/{@code to} (inclusive, UTC days of the label time) may be null for open ends;
 * {@code minLength}/{@code maxLength} bound the chosen reply's length in characters (0 = no bound).
 *
 * @param splitRatio share of SESSIONS that go to the training file (1.0 = no validation file)
 * @param editPairs  an edit chosen over the reply it was made from becomes a pair (edit chosen, original
 *                   rejected), unless the creator took that back for the turn; on by default
 * @param labels     whose labels: this workspace's own (default), one labeler's or all labelers' ({@link LabelSource})
 */
public record ExportOptions(Set<String> characters, Set<Long> sessions, Set<String> reasons,
                            LocalDate from, LocalDate to, SystemPart systemPart, double splitRatio, long seed,
                            Dedup dedup, int minLength, int maxLength, Safety safety, boolean editPairs,
                            LabelSource labels) {
    /** The label reason tags, as stored. */
    public static final List<String> KNOWN_REASONS = ReasonTag.tags();

    /** Duplicate removal: none, identical records, or near-identical texts (5-gram Jaccard >= 0.9). */
    public enum Dedup { NONE, EXACT, NEAR }

    /**
     * What the system part of a row holds (and the whole prompt of the {@code index-*} formats). The
     * default is the prompt as stored with the reply, so a dataset teaches what the model was shown.
     */
    public enum SystemPart {
        STORED("stored", "As generated (stored prompt)",
                "The prompt exactly as stored with the chosen reply (or the reply it was edited from): the "
                        + "template's instructions, the retrieved exchanges and the persona as the model saw them. "
                        + "index-* formats use the whole stored prompt. A reply with no stored prompt is rebuilt "
                        + "from the template (the preview counts those)."),
        TEMPLATE("template", "Rebuilt from the template",
                "Rendered now from the default template, today's persona sheet and the exchanges retrieved "
                        + "for the reply. Use it after improving a persona, to export the better sheet."),
        PERSONA("persona", "Persona only",
                "Only 以下是<name>的人设： and the persona lines: no instructions, no retrieved exchanges. "
                        + "index-* prompts then carry an empty 以下是一些…的对话： section.");

        private final String id;
        private final String label;
        private final String explanation;

        SystemPart(String id, String label, String explanation) {
            this.id = id;
            this.label = label;
            this.explanation = explanation;
        }

        /** As written on the command line and in the manifest: stored, template or persona. */
        public String id() {
            return id;
        }

        public String label() {
            return label;
        }

        /** One paragraph saying what the choice puts into the system part. */
        public String explanation() {
            return explanation;
        }

        /** Parses {@code stored}, {@code template} or {@code persona} (any case). */
        public static SystemPart parse(String text) {
            for (SystemPart part : values()) {
                if (part.id.equalsIgnoreCase(text.strip()) || part.name().equalsIgnoreCase(text.strip())) {
                    return part;
                }
            }
            throw new ExportException("Unknown system part '" + text + "'; expected stored, template or persona.");
        }

        /** Whether the retrieved exchanges stored with the replies are needed. */
        boolean needsRetrieval() {
            return this != PERSONA;
        }
    }

    /** Which labels by their safety flag: only safety cases, none of them, or all. */
    public enum Safety { ONLY, EXCLUDE, INCLUDE }

    public ExportOptions {
        characters = Set.copyOf(new TreeSet<>(characters == null ? Set.of() : characters));
        sessions = Set.copyOf(sessions == null ? Set.of() : sessions);
        reasons = Set.copyOf(reasons == null ? Set.of() : reasons);
        for (String reason : reasons) {
            if (!KNOWN_REASONS.contains(reason)) {
                throw new ExportException("Unknown label reason '" + reason + "'; expected one of "
                        + String.join(", ", KNOWN_REASONS) + ".");
            }
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new ExportException("The date range starts (" + from + ") after it ends (" + to + ").");
        }
        if (!(splitRatio > 0.0 && splitRatio <= 1.0)) {
            throw new ExportException("The split ratio must be above 0 and at most 1 (the share of sessions "
                    + "for training), not " + splitRatio + ".");
        }
        if (minLength < 0 || maxLength < 0) {
            throw new ExportException("Reply lengths cannot be negative (min " + minLength + ", max " + maxLength + ").");
        }
        if (maxLength > 0 && minLength > maxLength) {
            throw new ExportException("The minimum reply length " + minLength + " is above the maximum " + maxLength + ".");
        }
        dedup = dedup == null ? Dedup.EXACT : dedup;
        systemPart = systemPart == null ? SystemPart.STORED : systemPart;
        safety = safety == null ? Safety.INCLUDE : safety;
        labels = labels == null ? LabelSource.MINE : labels;
    }

    /** Options over this workspace's own labels. */
    public ExportOptions(Set<String> characters, Set<Long> sessions, Set<String> reasons, LocalDate from, LocalDate to,
                         SystemPart systemPart, double splitRatio, long seed, Dedup dedup, int minLength, int maxLength,
                         Safety safety, boolean editPairs) {
        this(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup, minLength, maxLength, safety,
                editPairs, LabelSource.MINE);
    }

    public ExportOptions withLabels(LabelSource value) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, value);
    }

    /**
     * Everything, split 0.9 by session with seed 42, exact duplicates removed, the stored prompts as system
     * part, edits chosen over their originals as pairs.
     */
    public static ExportOptions defaults() {
        return new ExportOptions(Set.of(), Set.of(), Set.of(), null, null, SystemPart.STORED, 0.9, 42L, Dedup.EXACT, 0, 0,
                Safety.INCLUDE, true);
    }

    public ExportOptions withCharacters(Set<String> value) {
        return new ExportOptions(value, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withSplit(double ratio, long newSeed) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, ratio, newSeed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withEditPairs(boolean value) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, value, labels);
    }

    public ExportOptions withSystemPart(SystemPart value) {
        return new ExportOptions(characters, sessions, reasons, from, to, value, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withDedup(Dedup value) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, value,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withSafety(Safety value) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, value, editPairs, labels);
    }

    public ExportOptions withLengths(int min, int max) {
        return new ExportOptions(characters, sessions, reasons, from, to, systemPart, splitRatio, seed, dedup,
                min, max, safety, editPairs, labels);
    }

    public ExportOptions withReasons(Set<String> value) {
        return new ExportOptions(characters, sessions, value, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withSessions(Set<Long> value) {
        return new ExportOptions(characters, value, reasons, from, to, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    public ExportOptions withDates(LocalDate start, LocalDate end) {
        return new ExportOptions(characters, sessions, reasons, start, end, systemPart, splitRatio, seed, dedup,
                minLength, maxLength, safety, editPairs, labels);
    }

    /** Whether a labeled turn of this character, session and label time is in scope. */
    boolean inScope(String characterId, long sessionId, long labeledAtMs) {
        if (!characters.isEmpty() && !characters.contains(characterId)) {
            return false;
        }
        if (!sessions.isEmpty() && !sessions.contains(sessionId)) {
            return false;
        }
        if (from != null && labeledAtMs < from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()) {
            return false;
        }
        return to == null || labeledAtMs < to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Why {@code record} is filtered out by reasons, safety or length, or null when it stays. */
    String rejectionOf(ExportRecord record) {
        if (!reasons.isEmpty() && record.reasons().stream().noneMatch(reasons::contains)) {
            return "label reason";
        }
        if (safety == Safety.ONLY && !record.safetyCase() || safety == Safety.EXCLUDE && record.safetyCase()) {
            return "safety";
        }
        if (record.chosen() != null) {
            int length = record.chosen().codePointCount(0, record.chosen().length());
            if (length < minLength || maxLength > 0 && length > maxLength) {
                return "reply length";
            }
        }
        return null;
    }
}

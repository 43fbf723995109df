package app.characterstudio.export;

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
 */
public record ExportOptions(Set<String> characters, Set<Long> sessions, Set<String> reasons,
                            LocalDate from, LocalDate to, boolean withRetrieval, double splitRatio, long seed,
                            Dedup dedup, int minLength, int maxLength, Safety safety) {
    /** The label reason tags of schema V1. */
    public static final List<String> KNOWN_REASONS = List.of(
            "out_of_character", "wrong_facts", "bland", "too_long", "unsafe", "repetitive", "other");

    /** Duplicate removal: none, identical records, or near-identical texts (5-gram Jaccard >= 0.9). */
    public enum Dedup { NONE, EXACT, NEAR }

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
        safety = safety == null ? Safety.INCLUDE : safety;
    }

    /** Everything, split 0.9 by session with seed 42, exact duplicates removed. */
    public static ExportOptions defaults() {
        return new ExportOptions(Set.of(), Set.of(), Set.of(), null, null, false, 0.9, 42L, Dedup.EXACT, 0, 0,
                Safety.INCLUDE);
    }

    public ExportOptions withCharacters(Set<String> value) {
        return new ExportOptions(value, sessions, reasons, from, to, withRetrieval, splitRatio, seed, dedup,
                minLength, maxLength, safety);
    }

    public ExportOptions withSplit(double ratio, long newSeed) {
        return new ExportOptions(characters, sessions, reasons, from, to, withRetrieval, ratio, newSeed, dedup,
                minLength, maxLength, safety);
    }

    public ExportOptions withRetrieval(boolean value) {
        return new ExportOptions(characters, sessions, reasons, from, to, value, splitRatio, seed, dedup,
                minLength, maxLength, safety);
    }

    public ExportOptions withDedup(Dedup value) {
        return new ExportOptions(characters, sessions, reasons, from, to, withRetrieval, splitRatio, seed, value,
                minLength, maxLength, safety);
    }

    public ExportOptions withSafety(Safety value) {
        return new ExportOptions(characters, sessions, reasons, from, to, withRetrieval, splitRatio, seed, dedup,
                minLength, maxLength, value);
    }

    public ExportOptions withLengths(int min, int max) {
        return new ExportOptions(characters, sessions, reasons, from, to, withRetrieval, splitRatio, seed, dedup,
                min, max, safety);
    }

    public ExportOptions withReasons(Set<String> value) {
        return new ExportOptions(characters, sessions, value, from, to, withRetrieval, splitRatio, seed, dedup,
                minLength, maxLength, safety);
    }

    public ExportOptions withSessions(Set<Long> value) {
        return new ExportOptions(characters, value, reasons, from, to, withRetrieval, splitRatio, seed, dedup,
                minLength, maxLength, safety);
    }

    public ExportOptions withDates(LocalDate start, LocalDate end) {
        return new ExportOptions(characters, sessions, reasons, start, end, withRetrieval, splitRatio, seed, dedup,
                minLength, maxLength, safety);
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

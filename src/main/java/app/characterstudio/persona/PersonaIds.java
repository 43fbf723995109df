package app.characterstudio.persona;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Folder-safe ids for personas. An id is made of letters (any script), digits, {@code -} and
 * {@code _}; it never contains a path separator or dots, is never a reserved Windows device name,
 * and is at most 64 characters. Ids stay Unicode wherever the file system's name encoding can hold
 * them; under a locale that cannot (Java's {@code sun.jnu.encoding} is ASCII when no UTF-8 locale is
 * set) an id keeps only what it can hold: accents are dropped, other scripts leave {@code character}.
 */
public final class PersonaIds {
    private static final int MAX_LENGTH = 64;
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private PersonaIds() {
    }

    /** A slug for {@code name}: lower case, runs of anything else become {@code -}. */
    public static String slug(String name) {
        String normalized = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        normalized.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '_') {
                slug.appendCodePoint(cp);
            } else if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '-') {
                slug.append('-');
            }
        });
        String result = trimDashes(slug.length() > MAX_LENGTH
                ? slug.substring(0, slug.offsetByCodePoints(0, Math.min(MAX_LENGTH, slug.codePointCount(0, slug.length()))))
                : slug.toString());
        if (result.length() > MAX_LENGTH) {
            result = trimDashes(result.substring(0, MAX_LENGTH));
        }
        if (result.isEmpty()) {
            result = "character";
        }
        if (RESERVED.contains(result)) {
            result = result + "-character";
        }
        return result;
    }

    /** The encoding this JVM gives file names (from the locale it started under); UTF-8 if unknown. */
    public static Charset fileNameEncoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether {@code id} can be a folder name under this JVM's {@link #fileNameEncoding()}. */
    public static boolean fitsFileNames(String id) {
        return fitsFileNames(id, fileNameEncoding());
    }

    static boolean fitsFileNames(String id, Charset fileNames) {
        return fileNames.newEncoder().canEncode(id);
    }

    /** {@link #unique(String, Predicate, Charset)} under this JVM's file-name encoding. */
    public static String unique(String name, Predicate<String> taken) {
        return unique(name, taken, fileNameEncoding());
    }

    /**
     * {@link #slug(String)} of the name, with {@code -2}, {@code -3}... until {@code taken} says no; when
     * {@code fileNames} cannot encode the slug, a slug of only what it can encode.
     */
    static String unique(String name, Predicate<String> taken, Charset fileNames) {
        String base = slug(name);
        if (!fitsFileNames(base, fileNames)) {
            base = slug(encodable(name, fileNames));
        }
        String candidate = base;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = withSuffix(base, "-" + n);
        }
        return candidate;
    }

    /** {@code base} cut short enough that it still fits {@link #MAX_LENGTH} with {@code suffix} after it. */
    private static String withSuffix(String base, String suffix) {
        int room = MAX_LENGTH - suffix.length();
        if (base.length() <= room) {
            return base + suffix;
        }
        int end = Character.isLowSurrogate(base.charAt(room)) ? room - 1 : room;
        String cut = trimDashes(base.substring(0, end));
        return (cut.isEmpty() ? "character" : cut) + suffix;
    }

    /** {@code name} with accents dropped and every character {@code fileNames} cannot encode made a space. */
    private static String encodable(String name, Charset fileNames) {
        String bare = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        StringBuilder kept = new StringBuilder();
        java.nio.charset.CharsetEncoder encoder = fileNames.newEncoder();
        bare.codePoints().forEach(cp -> kept.append(encoder.canEncode(new String(Character.toChars(cp))) ? new String(
                Character.toChars(cp)) : " "));
        return kept.toString();
    }

    /** Whether {@code id} is a valid id as this class makes them. */
    public static boolean isValid(String id) {
        return id != null && !id.isEmpty() && id.equals(slug(id));
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}

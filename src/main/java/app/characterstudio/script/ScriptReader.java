package app.characterstudio.script;

import app.characterstudio.store.ScriptLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one script file: decode, detect the format, parse, number the scenes. Touches nothing.
 * Limits, refused with the file and line: a line of the file holds at most {@link #MAX_LINE_BYTES}
 * bytes, a speaker name at most {@link #MAX_SPEAKER_CHARS} characters.
 */
public final class ScriptReader {
    /** Longest line of a script file, in bytes before decoding (1 MiB): no real utterance comes near it. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** Longest speaker name, in characters, whatever the format (a screenplay speaker is up to 20). */
    public static final int MAX_SPEAKER_CHARS = 200;

    private ScriptReader() {
    }

    public static ParsedScript read(Path file, ImportOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScriptFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return read(file.toAbsolutePath().toString(), file.getFileName().toString(), bytes, options);
    }

    public static ParsedScript read(String path, String name, byte[] bytes, ImportOptions options) {
        checkLineLengths(bytes, name);
        TextDecoder.Decoded decoded = TextDecoder.decode(bytes, name, options.encoding());
        ScriptFormat format = options.chosenFormat().orElseGet(() -> ScriptFormat.detect(name, decoded.text()));
        List<ParsedEntry> entries = format.parser().parse(decoded.text(), name, options);
        checkSpeakers(entries, name);
        List<ScriptLine> lines = SceneSplitter.split(entries, options.sceneRule());
        return new ParsedScript(path, name, sha256(bytes), decoded.encoding(), format, lines);
    }

    /**
     * Refuses a line over {@link #MAX_LINE_BYTES}, before decoding: a line ends at a {@code \n} or
     * {@code \r} byte (in UTF-16 other bytes may look like one too, which only shortens lines).
     */
    private static void checkLineLengths(byte[] bytes, String name) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean end = i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r';
            if (!end) {
                continue;
            }
            if (i - start > MAX_LINE_BYTES) {
                throw new ScriptFormatException(String.format("%s line %d: the line is %,d bytes long, over the "
                        + "limit of 1 MiB (%,d bytes) per line; is it a script? Nothing was imported.",
                        name, line, i - start, MAX_LINE_BYTES));
            }
            if (i < bytes.length && bytes[i] == '\n' || i + 1 >= bytes.length || bytes[i + 1] != '\n') {
                line++;
            }
            start = i + 1;
        }
    }

    /** Refuses a speaker name over {@link #MAX_SPEAKER_CHARS}, whatever format it came from. */
    private static void checkSpeakers(List<ParsedEntry> entries, String name) {
        for (ParsedEntry entry : entries) {
            if (entry.speaker().length() > MAX_SPEAKER_CHARS) {
                throw new ScriptFormatException(String.format("%s line %d: the speaker name is %,d characters long, "
                        + "over the limit of %d (is the speaker column right?). Nothing was imported.",
                        name, entry.lineNumber(), entry.speaker().length(), MAX_SPEAKER_CHARS));
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

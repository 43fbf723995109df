package app.characterstudio.persona;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads untrusted persona input defensively: a size limit per file and per text field, strict
 * UTF-8 (the message names the byte offset of the first bad byte) and JSON errors with line and column.
 */
public final class PersonaInput {
    /** Largest file the studio reads as a persona, card or profile (PNG cards carry an image). */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** Largest single text field: far above any real card, far below what would freeze the editor. */
    public static final int MAX_FIELD_CHARS = 1_000_000;

    private PersonaInput() {
    }

    /** The bytes of {@code file}, refusing anything over {@link #MAX_FILE_BYTES}. */
    public static byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new PersonaFormatException(file + ": the file is " + megabytes(size)
                        + ", over the limit of " + megabytes(MAX_FILE_BYTES) + " for a persona, card or profile.");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PersonaFormatException(file + ": no such file.", e);
        } catch (IOException e) {
            throw new PersonaFormatException(file + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Decodes strict UTF-8 (a leading byte-order mark is dropped); names the offset of a bad byte. */
    public static String decodeUtf8(byte[] bytes, String source) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new PersonaFormatException(String.format("%s: invalid UTF-8 at byte offset %d (byte 0x%02X); "
                    + "save the file as UTF-8.", source, in.position(), bytes[in.position()] & 0xff));
        }
        return out.flip().toString();
    }

    /** Parses JSON text; a syntax error names the line and column. */
    public static JsonNode parseJson(String text, String source) {
        try {
            JsonNode node = PersonaJson.mapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new PersonaFormatException(source + ": the file is empty, expected JSON.");
            }
            checkFieldLengths(node, source);
            return node;
        } catch (JsonProcessingException e) {
            throw new PersonaFormatException(source + ": not valid JSON" + where(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Refuses any text value over {@link #MAX_FIELD_CHARS}, naming the field's JSON path. */
    public static void checkFieldLengths(JsonNode node, String source) {
        checkFieldLengths(node, "", source);
    }

    /** Refuses one text value over {@link #MAX_FIELD_CHARS}. */
    public static void checkFieldLength(String field, String value, String source) {
        if (value != null && value.length() > MAX_FIELD_CHARS) {
            throw new PersonaFormatException(String.format("%s: the field '%s' holds %,d characters, over the "
                    + "limit of %,d characters per field.", source, field, value.length(), MAX_FIELD_CHARS));
        }
    }

    static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static void checkFieldLengths(JsonNode node, String path, String source) {
        if (node.isTextual()) {
            checkFieldLength(path.isEmpty() ? "(root)" : path, node.textValue(), source);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkFieldLengths(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), source);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkFieldLengths(node.get(i), path + "[" + i + "]", source);
            }
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}

package app.characterstudio.script;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a script file's bytes into text without ever guessing silently: a byte-order mark wins,
 * then strict UTF-8, then strict GB18030 when the result looks like real text. Anything else is
 * refused with the file, the byte offset and the line of the first bad byte.
 */
public final class TextDecoder {
    /** Share of characters that must be ordinary text for a GB18030 reading to be believed. */
    private static final double PLAUSIBLE_SHARE = 0.97;

    private TextDecoder() {
    }

    /** The decoded text (without a byte-order mark) and the charset that decoded it. */
    public record Decoded(String text, String encoding) {
    }

    public static Decoded decode(byte[] bytes, String fileName, ScriptEncoding choice) {
        if (choice != ScriptEncoding.AUTO) {
            return decodeAs(bytes, fileName, choice);
        }
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return new Decoded(strict(bytes, 3, StandardCharsets.UTF_8, fileName), "UTF-8 (BOM)");
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return new Decoded(strict(bytes, 2, StandardCharsets.UTF_16LE, fileName), "UTF-16LE (BOM)");
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return new Decoded(strict(bytes, 2, StandardCharsets.UTF_16BE, fileName), "UTF-16BE (BOM)");
        }
        Failure utf8 = firstFailure(bytes, 0, StandardCharsets.UTF_8);
        if (utf8 == null) {
            return checked(new String(bytes, StandardCharsets.UTF_8), "UTF-8", fileName);
        }
        Charset gb = ScriptEncoding.GB18030.charset();
        if (firstFailure(bytes, 0, gb) == null) {
            String text = new String(bytes, gb);
            if (plausibleShare(text) >= PLAUSIBLE_SHARE) {
                return checked(text, "GB18030", fileName);
            }
        }
        throw new ScriptFormatException(fileName + ": not valid UTF-8 (first bad byte at offset " + utf8.offset
                + ", line " + utf8.line + ") and not plausible GB18030 text either. Choose the encoding "
                + "(utf-8, gb18030, utf-16) or re-save the file as UTF-8; nothing was imported.");
    }

    private static Decoded decodeAs(byte[] bytes, String fileName, ScriptEncoding choice) {
        int skip = 0;
        Charset charset = choice.charset();
        if (choice == ScriptEncoding.UTF_8 && startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        } else if (choice == ScriptEncoding.UTF_16LE && startsWith(bytes, 0xFF, 0xFE)
                || choice == ScriptEncoding.UTF_16BE && startsWith(bytes, 0xFE, 0xFF)) {
            skip = 2;
        }
        return new Decoded(strict(bytes, skip, charset, fileName), charset.name());
    }

    /** Every decoded text passes here, whatever decoded it: the one control-character check. */
    private static Decoded checked(String text, String encoding, String fileName) {
        requirePlausible(text, fileName, encoding);
        return new Decoded(text, encoding);
    }

    private static String strict(byte[] bytes, int offset, Charset charset, String fileName) {
        Failure failure = firstFailure(bytes, offset, charset);
        if (failure != null) {
            throw new ScriptFormatException(fileName + ": bytes at offset " + failure.offset + " (line " + failure.line
                    + ") are not valid " + charset.name() + ". Choose another encoding; nothing was imported.");
        }
        return checked(new String(bytes, offset, bytes.length - offset, charset), charset.name(), fileName).text();
    }

    /** NUL and other control characters mean the encoding is wrong (e.g. UTF-16 read as UTF-8). */
    private static void requirePlausible(String text, String fileName, String charset) {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c < 0x20 && c != '\r' && c != '\t' && c != '\f') {
                throw new ScriptFormatException(fileName + ": read as " + charset + ", line " + line
                        + " holds control character U+" + String.format("%04X", (int) c)
                        + " (a UTF-16 file without byte-order mark?). Choose the encoding; nothing was imported.");
            }
        }
    }

    private record Failure(long offset, int line) {
    }

    private static Failure firstFailure(byte[] bytes, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return new Failure(in.position(), lineAt(bytes, in.position()));
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            result = decoder.flush(out);
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            return null;
        }
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Share of characters that are letters, digits, CJK, punctuation or whitespace, not rare symbols. */
    static double plausibleShare(String text) {
        if (text.isEmpty()) {
            return 1;
        }
        long ordinary = text.codePoints().filter(TextDecoder::ordinary).count();
        return (double) ordinary / text.codePointCount(0, text.length());
    }

    private static boolean ordinary(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 || cp == '\n' || cp == '\r' || cp == '\t';
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS
                || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || block == Character.UnicodeBlock.GENERAL_PUNCTUATION
                || block == Character.UnicodeBlock.LATIN_1_SUPPLEMENT && cp >= 0xB7
                || block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

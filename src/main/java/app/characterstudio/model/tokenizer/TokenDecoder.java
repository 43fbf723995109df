package app.characterstudio.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns ids into text as they arrive. A character may be split over several byte-fallback pieces
 * ({@code <0xF0><0x9F><0x98><0x82>} is one emoji), so bytes are held back until they form whole UTF-8
 * characters; bytes that can never form one become U+FFFD, as SentencePiece's own decoder does.
 * Not thread-safe: one per stream.
 */
public final class TokenDecoder {
    private final Tokenizer tokenizer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean stripLeadingSpace;

    TokenDecoder(Tokenizer tokenizer, boolean stripLeadingSpace) {
        this.tokenizer = tokenizer;
        this.stripLeadingSpace = stripLeadingSpace;
    }

    /** The text completed by {@code id} (often empty, sometimes several characters). */
    public String accept(int id) {
        byte[] bytes = tokenizer.pieceBytes(id);
        if (bytes.length == 0) {
            return "";
        }
        int start = 0;
        if (stripLeadingSpace) {
            stripLeadingSpace = false;
            start = bytes[0] == ' ' && tokenizer.isWordStart(id) ? 1 : 0;
        }
        pending.write(bytes, start, bytes.length - start);
        return drain(false);
    }

    /** What is left at the end of the stream: incomplete characters become U+FFFD. */
    public String finish() {
        return drain(true);
    }

    private String drain(boolean end) {
        byte[] bytes = pending.toByteArray();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            int length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0) {
                text.append('\uFFFD');
                i++;
                continue;
            }
            int available = Math.min(length, bytes.length - i);
            int valid = 1;
            while (valid < available && (bytes[i + valid] & 0xC0) == 0x80) {
                valid++;
            }
            if (valid < available) {
                text.append('\uFFFD'); // a continuation byte is missing: the lead byte stands alone
                i++;
            } else if (available < length) {
                if (!end) {
                    break; // wait for the rest of the character
                }
                text.append('\uFFFD');
                i++;
            } else {
                text.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        pending.reset();
        pending.write(bytes, i, bytes.length - i);
        return text.toString();
    }
}

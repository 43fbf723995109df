package app.characterstudio.model.run;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A byte-level codec for tests before a real tokenizer: id = 3 + byte, 2 = end of text. */
class ByteCodec implements TextCodec {
    static final int END = 2;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = 3 + (bytes[i] & 0xff);
        }
        return ids;
    }

    @Override
    public TextStream newStream() {
        return new TextStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public String push(int id) {
                if (id < 3 || id > 258) {
                    return "";
                }
                pending.write(id - 3);
                CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT);
                try {
                    CharBuffer chars = decoder.decode(ByteBuffer.wrap(pending.toByteArray()));
                    pending.reset();
                    return chars.toString();
                } catch (CharacterCodingException incomplete) {
                    if (pending.size() >= 4) {
                        pending.reset();
                        return "\uFFFD";
                    }
                    return "";
                }
            }

            @Override
            public String finish() {
                String rest = pending.size() > 0 ? "\uFFFD" : "";
                pending.reset();
                return rest;
            }
        };
    }

    @Override
    public int endOfTextId() {
        return END;
    }

    @Override
    public String displayPiece(int id) {
        return id >= 3 && id <= 258 ? String.format("<0x%02X>", id - 3) : "<" + id + ">";
    }
}

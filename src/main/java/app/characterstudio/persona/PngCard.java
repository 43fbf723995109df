package app.characterstudio.persona;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * PNG files as character cards: reads and writes the {@code tEXt} chunks {@code ccv3} (V3 JSON) and
 * {@code chara} (V2 JSON), both base64 of UTF-8. Every chunk's length and CRC is checked, so a
 * truncated or damaged file is refused with the byte offset of the problem.
 */
public final class PngCard {
    public static final String V3_KEYWORD = "ccv3";
    public static final String V2_KEYWORD = "chara";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngCard() {
    }

    /** One chunk: its four-letter type and data. */
    public record Chunk(String type, byte[] data) {
    }

    public static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Every chunk of a PNG, checked: signature, lengths within the file, CRCs, ending in IEND. */
    public static List<Chunk> chunks(byte[] png, String source) {
        if (!isPng(png)) {
            throw new PersonaFormatException(source + ": not a PNG file (the PNG signature is missing).");
        }
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(SIGNATURE.length);
        while (true) {
            int offset = in.position();
            if (in.remaining() < 12) {
                throw new PersonaFormatException(source + ": truncated PNG: the file ends at byte " + png.length
                        + " before the IEND chunk.");
            }
            long length = Integer.toUnsignedLong(in.getInt());
            byte[] typeBytes = new byte[4];
            in.get(typeBytes);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (length > in.remaining() - 4) {
                throw new PersonaFormatException(source + ": truncated PNG: chunk '" + type + "' at byte " + offset
                        + " claims " + length + " bytes but the file ends at byte " + png.length + ".");
            }
            byte[] data = new byte[(int) length];
            in.get(data);
            int stored = in.getInt();
            CRC32 crc = new CRC32();
            crc.update(typeBytes);
            crc.update(data);
            if ((int) crc.getValue() != stored) {
                throw new PersonaFormatException(source + ": damaged PNG: chunk '" + type + "' at byte " + offset
                        + " fails its CRC check.");
            }
            chunks.add(new Chunk(type, data));
            if (type.equals("IEND")) {
                return chunks;
            }
        }
    }

    /** The card JSON of a PNG card: {@code ccv3} first, then {@code chara}; empty if it has neither. */
    public static Optional<String> cardJson(byte[] png, String source) {
        List<Chunk> chunks = chunks(png, source);
        for (String keyword : List.of(V3_KEYWORD, V2_KEYWORD)) {
            for (Chunk chunk : chunks) {
                Optional<String> text = textOf(chunk, keyword);
                if (text.isPresent()) {
                    byte[] json;
                    try {
                        json = Base64.getDecoder().decode(text.get().replaceAll("\\s+", ""));
                    } catch (IllegalArgumentException e) {
                        throw new PersonaFormatException(source + ": the PNG's '" + keyword
                                + "' chunk is not base64: " + e.getMessage(), e);
                    }
                    return Optional.of(PersonaInput.decodeUtf8(json, source + " ('" + keyword + "' chunk)"));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code image} (a PNG) with its card chunks replaced by {@code chara}=V2 and {@code ccv3}=V3. */
    public static byte[] withCard(byte[] image, String v2Json, String v3Json) {
        List<Chunk> chunks = new ArrayList<>(chunks(image, "image").stream()
                .filter(c -> textOf(c, V2_KEYWORD).isEmpty() && textOf(c, V3_KEYWORD).isEmpty()).toList());
        chunks.add(chunks.size() - 1, textChunk(V2_KEYWORD, base64(v2Json)));
        chunks.add(chunks.size() - 1, textChunk(V3_KEYWORD, base64(v3Json)));
        return write(chunks);
    }

    /** Serialises chunks after the PNG signature, computing each CRC. */
    public static byte[] write(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (Chunk chunk : chunks) {
            byte[] type = chunk.type().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(chunk.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt(chunk.data().length).array());
            out.writeBytes(type);
            out.writeBytes(chunk.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        return out.toByteArray();
    }

    static Chunk textChunk(String keyword, String latin1Text) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.writeBytes(latin1Text.getBytes(StandardCharsets.ISO_8859_1));
        return new Chunk("tEXt", data.toByteArray());
    }

    private static Optional<String> textOf(Chunk chunk, String keyword) {
        if (!chunk.type().equals("tEXt")) {
            return Optional.empty();
        }
        byte[] data = chunk.data();
        int zero = 0;
        while (zero < data.length && data[zero] != 0) {
            zero++;
        }
        if (zero == data.length || !new String(data, 0, zero, StandardCharsets.ISO_8859_1).equalsIgnoreCase(keyword)) {
            return Optional.empty();
        }
        return Optional.of(new String(data, zero + 1, data.length - zero - 1, StandardCharsets.ISO_8859_1));
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

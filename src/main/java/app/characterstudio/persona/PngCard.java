package app.characterstudio.persona;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG files as character cards: reads the text chunks {@code ccv3} (V3 JSON) and {@code chara} (V2
 * JSON), both base64 of UTF-8, whether stored as {@code tEXt}, compressed {@code zTXt} or
 * {@code iTXt} (compressed or not); writes them as {@code tEXt}, which every card reader knows.
 * Every chunk's length and CRC is checked, so a truncated or damaged file is refused with the byte
 * offset of the problem; compressed text may not inflate beyond {@link #MAX_TEXT_BYTES}.
 */
public final class PngCard {
    public static final String V3_KEYWORD = "ccv3";
    public static final String V2_KEYWORD = "chara";
    /** Largest inflated card text: as large as a whole persona file may be, so a zip bomb stops early. */
    public static final long MAX_TEXT_BYTES = PersonaInput.MAX_FILE_BYTES;
    private static final Set<String> TEXT_TYPES = Set.of("tEXt", "zTXt", "iTXt");
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

    /**
     * Whether bytes without the PNG signature still are (or are meant to be) a PNG: the file is named
     * {@code .png}, or its header chunk {@code IHDR} sits where a PNG has it. Read as text, such a file would be
     * told "not UTF-8", which sends its owner the wrong way.
     */
    public static boolean looksLikeDamagedPng(byte[] bytes, String source) {
        if (isPng(bytes)) {
            return false;
        }
        boolean named = source != null && source.toLowerCase(java.util.Locale.ROOT).endsWith(".png");
        boolean header = bytes.length >= 16 && bytes[12] == 'I' && bytes[13] == 'H' && bytes[14] == 'D' && bytes[15] == 'R';
        boolean text = bytes.length > 0 && (bytes[0] == '{' || bytes[0] == '[' || bytes[0] == (byte) 0xEF);
        return header || named && !text;
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

    /**
     * The card JSON of a PNG card: {@code ccv3} first, then {@code chara}, each from the first text
     * chunk of any kind with that keyword; empty if it has neither.
     */
    public static Optional<String> cardJson(byte[] png, String source) {
        List<Chunk> chunks = chunks(png, source);
        for (String keyword : List.of(V3_KEYWORD, V2_KEYWORD)) {
            for (Chunk chunk : chunks) {
                if (keyword.equalsIgnoreCase(keywordOf(chunk).orElse(null))) {
                    String where = source + ": the PNG's '" + keyword + "' chunk (" + chunk.type() + ")";
                    byte[] json;
                    try {
                        json = Base64.getDecoder().decode(textOf(chunk, where).replaceAll("\\s+", ""));
                    } catch (IllegalArgumentException e) {
                        throw new PersonaFormatException(where + " is not base64: " + e.getMessage(), e);
                    }
                    return Optional.of(PersonaInput.decodeUtf8(json, source + " ('" + keyword + "' chunk)"));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code image} (a PNG) with its card chunks replaced by {@code chara}=V2 and {@code ccv3}=V3. */
    public static byte[] withCard(byte[] image, String v2Json, String v3Json) {
        // an older card in any text chunk kind goes, or a reader would find it before the new one
        List<Chunk> chunks = new ArrayList<>(chunks(image, "image").stream().filter(c -> keywordOf(c)
                .filter(k -> k.equalsIgnoreCase(V2_KEYWORD) || k.equalsIgnoreCase(V3_KEYWORD)).isEmpty()).toList());
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

    /** The keyword of a {@code tEXt}, {@code zTXt} or {@code iTXt} chunk; empty for other chunks. */
    private static Optional<String> keywordOf(Chunk chunk) {
        if (!TEXT_TYPES.contains(chunk.type())) {
            return Optional.empty();
        }
        int zero = indexOfZero(chunk.data(), 0);
        return zero < 0 ? Optional.empty()
                : Optional.of(new String(chunk.data(), 0, zero, StandardCharsets.ISO_8859_1));
    }

    /**
     * The text of a text chunk that has a keyword. {@code tEXt}: Latin-1 after the keyword.
     * {@code zTXt}: compression method 0, then zlib of Latin-1. {@code iTXt}: compression flag and
     * method, language tag, translated keyword, then UTF-8, zlib-compressed when the flag is 1.
     *
     * @param where names the file and chunk in errors
     */
    private static String textOf(Chunk chunk, String where) {
        byte[] data = chunk.data();
        int start = indexOfZero(data, 0) + 1;
        switch (chunk.type()) {
            case "tEXt":
                return new String(data, start, data.length - start, StandardCharsets.ISO_8859_1);
            case "zTXt":
                if (start >= data.length) {
                    throw new PersonaFormatException(where + " is cut short: it ends before its compression method.");
                }
                requireZlib(data[start], where);
                return new String(inflate(data, start + 1, where), StandardCharsets.ISO_8859_1);
            default: // iTXt
                if (start + 2 > data.length) {
                    throw new PersonaFormatException(where + " is cut short: it ends before its compression flag "
                            + "and method.");
                }
                int flag = data[start] & 0xff;
                if (flag > 1) {
                    throw new PersonaFormatException(where + " has compression flag " + flag + "; expected 0 or 1.");
                }
                if (flag == 1) {
                    requireZlib(data[start + 1], where);
                }
                int languageEnd = indexOfZero(data, start + 2);
                int translatedEnd = languageEnd < 0 ? -1 : indexOfZero(data, languageEnd + 1);
                if (translatedEnd < 0) {
                    throw new PersonaFormatException(where + " is cut short: its "
                            + (languageEnd < 0 ? "language tag" : "translated keyword") + " has no end.");
                }
                byte[] text = flag == 1 ? inflate(data, translatedEnd + 1, where)
                        : Arrays.copyOfRange(data, translatedEnd + 1, data.length);
                return PersonaInput.decodeUtf8(text, where);
        }
    }

    private static void requireZlib(byte method, String where) {
        if (method != 0) {
            throw new PersonaFormatException(where + " uses compression method " + (method & 0xff)
                    + "; PNG knows only 0 (zlib).");
        }
    }

    /** Inflates the zlib stream from {@code offset} to the end, refusing more than {@link #MAX_TEXT_BYTES}. */
    private static byte[] inflate(byte[] data, int offset, String where) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, data.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new PersonaFormatException(where + " is damaged: its compressed text "
                            + (inflater.needsInput() ? "ends before the end of its zlib stream."
                            : "asks for a preset dictionary, which PNG does not allow."));
                }
                if (out.size() + (long) count > MAX_TEXT_BYTES) {
                    throw new PersonaFormatException(where + " inflates to more than "
                            + MAX_TEXT_BYTES / (1024 * 1024) + " MB; refused as a likely zip bomb.");
                }
                out.write(buffer, 0, count);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new PersonaFormatException(where + " is damaged: its compressed text is not a valid zlib stream ("
                    + e.getMessage() + ").", e);
        } finally {
            inflater.end();
        }
    }

    private static int indexOfZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

package app.characterstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.persona.PngCard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNG cards whose card sits in a compressed or international text chunk ({@code zTXt}, {@code iTXt}),
 * imported through {@code persona import} as a user would; the PNGs are built here chunk by chunk.
 */
class PersonaImportPngTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String V3_CARD = "{\"spec\":\"chara_card_v3\",\"spec_version\":\"3.0\","
            + "\"data\":{\"name\":\"沈青禾\",\"description\":\"药铺的女儿\"}}";

    @TempDir
    Path workspace;

    @TempDir
    Path files;

    // ---- building PNGs by hand ----

    /** One chunk as it is written: length, type, data, CRC of type and data. */
    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** A 1x1 grey PNG with {@code extra} chunks between the image data and IEND. */
    private static byte[] png(byte[]... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(1).putInt(1).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array()));
        out.writeBytes(chunk("IDAT", zlib(new byte[] {0, (byte) 0x80})));
        for (byte[] chunk : extra) {
            out.writeBytes(chunk);
        }
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] base64(String json) {
        return latin1(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code zTXt}: keyword, 0, method 0, zlib of the text. */
    private static byte[] zTXt(String keyword, byte[] compressed) {
        return chunk("zTXt", concat(latin1(keyword), new byte[] {0, 0}, compressed));
    }

    /** {@code iTXt}: keyword, 0, flag, method 0, language tag, 0, translated keyword (UTF-8), 0, text. */
    private static byte[] iTXt(String keyword, boolean compressed, byte[] text) {
        return chunk("iTXt", concat(latin1(keyword), new byte[] {0, (byte) (compressed ? 1 : 0), 0}, latin1("en"),
                new byte[] {0}, "角色卡".getBytes(StandardCharsets.UTF_8), new byte[] {0},
                compressed ? zlib(text) : text));
    }

    private byte[] v2Card() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/persona/card-v2.json")) {
            return in.readAllBytes();
        }
    }

    private byte[] v2Base64() throws Exception {
        return latin1(Base64.getEncoder().encodeToString(v2Card()));
    }

    // ---- importing ----

    /** Imports {@code png} as {@code name} and returns the one entry of {@code persona import --json}. */
    private JsonNode importPng(String name, byte[] png) throws Exception {
        Path file = Files.write(files.resolve(name), png);
        CliRunner.Result result = new CliRunner(workspace).run("persona", "import", "--json", file.toString());
        JsonNode entries = JSON.readTree(result.out());
        assertEquals(1, entries.size(), result.toString());
        assertEquals(entries.get(0).get("error").isNull() ? 0 : 2, result.exitCode(), result.toString());
        return entries.get(0);
    }

    private String importedName(String file, byte[] png) throws Exception {
        JsonNode entry = importPng(file, png);
        assertTrue(entry.get("error").isNull(), entry.toString());
        String id = entry.get("ids").get(0).asText();
        CliRunner.Result shown = new CliRunner(workspace).run("persona", "show", id, "--json");
        return JSON.readTree(shown.out()).get("name").asText();
    }

    /** Imports {@code png}, expects it refused with a message naming the file and each part, and nothing stored. */
    private String refused(String file, byte[] png, String... parts) throws Exception {
        JsonNode entry = importPng(file, png);
        String error = entry.get("error").asText();
        assertTrue(error.startsWith(files.resolve(file).toString() + ": "), "names the file: " + error);
        for (String part : parts) {
            assertTrue(error.contains(part), "says '" + part + "': " + error);
        }
        assertEquals(0, entry.get("ids").size());
        assertEquals(0, JSON.readTree(new CliRunner(workspace).run("persona", "list", "--json").out()).size(),
                "nothing imported");
        return error;
    }

    @Test
    void uncompressedITXtCardImports() throws Exception {
        assertEquals("Captain Mira Vale", importedName("itxt.png", png(iTXt("chara", false, v2Base64()))));
    }

    @Test
    void compressedITXtCardImportsAndItsCcv3WinsOverATextChara() throws Exception {
        byte[] card = png(chunk("tEXt", concat(latin1("chara"), new byte[] {0}, v2Base64())),
                iTXt("ccv3", true, base64(V3_CARD)));
        assertEquals("沈青禾", importedName("itxt-z.png", card));
    }

    @Test
    void zTXtCardImports() throws Exception {
        assertEquals("Captain Mira Vale", importedName("ztxt.png", png(zTXt("chara", zlib(v2Base64())))));
    }

    @Test
    void exportingACardReadFromITXtWritesTheCardOnceAsTEXt() throws Exception {
        Path imported = Files.write(files.resolve("in.png"), png(iTXt("ccv3", true, base64(V3_CARD)),
                zTXt("chara", zlib(v2Base64()))));
        CliRunner cli = new CliRunner(workspace);
        String id = JSON.readTree(cli.run("persona", "import", "--json", imported.toString()).out())
                .get(0).get("ids").get(0).asText();
        Path out = files.resolve("out.png");
        assertEquals(0, cli.run("persona", "export", id, "--format", "png", "-o", out.toString()).exitCode());

        List<String> textChunks = new ArrayList<>();
        for (PngCard.Chunk c : PngCard.chunks(Files.readAllBytes(out), "out.png")) {
            if (c.type().endsWith("Xt")) {
                int zero = 0;
                while (c.data()[zero] != 0) {
                    zero++;
                }
                textChunks.add(c.type() + " " + new String(c.data(), 0, zero, StandardCharsets.ISO_8859_1));
            }
        }
        assertEquals(List.of("tEXt chara", "tEXt ccv3"), textChunks, "the card read from iTXt/zTXt is not kept twice");
        assertEquals("沈青禾", importedName("again.png", Files.readAllBytes(out)));
    }

    @Test
    void aCorruptedCompressedStreamIsRefused() throws Exception {
        byte[] compressed = zlib(v2Base64());
        for (int i = 2; i < 12; i++) {
            compressed[i] = (byte) 0xff; // the deflate block header and first codes: no longer a valid stream
        }
        refused("corrupt.png", png(zTXt("chara", compressed)), "'chara' chunk (zTXt)", "is damaged",
                "not a valid zlib stream");
    }

    @Test
    void aCompressedStreamCutShortIsRefused() throws Exception {
        byte[] compressed = zlib(v2Base64());
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        refused("cut-stream.png", png(chunk("iTXt", concat(latin1("chara"), new byte[] {0, 1, 0, 0, 0}, cut))),
                "'chara' chunk (iTXt)", "ends before the end of its zlib stream");
    }

    @Test
    void textThatInflatesBeyondTheLimitIsRefusedAsAZipBomb() throws Exception {
        byte[] bomb = new byte[(int) PngCard.MAX_TEXT_BYTES + 1];
        Arrays.fill(bomb, (byte) 'A');
        byte[] compressed = zlib(bomb);
        assertTrue(compressed.length < 100_000, "a small file: " + compressed.length);
        refused("bomb.png", png(zTXt("ccv3", compressed)), "'ccv3' chunk (zTXt)", "inflates to more than 16 MB",
                "zip bomb");
        refused("bomb-i.png", png(chunk("iTXt", concat(latin1("chara"), new byte[] {0, 1, 0, 0, 0}, compressed))),
                "'chara' chunk (iTXt)", "inflates to more than 16 MB");
    }

    @Test
    void aTextChunkWithABadCrcIsRefused() throws Exception {
        byte[] card = png(iTXt("chara", true, v2Base64()));
        card[card.length - 12 - 5] ^= 0x01; // last data byte of the iTXt chunk, which sits just before IEND
        refused("crc.png", card, "damaged PNG", "chunk 'iTXt'", "fails its CRC check");
    }

    @Test
    void aFileCutInsideTheTextChunkIsRefused() throws Exception {
        byte[] card = png(iTXt("chara", false, v2Base64()));
        refused("cut.png", Arrays.copyOf(card, card.length - 40), "truncated PNG", "chunk 'iTXt'");
    }

    @Test
    void malformedITXtHeadersAreRefused() throws Exception {
        refused("no-lang-end.png", png(chunk("iTXt", concat(latin1("chara"), new byte[] {0, 0, 0}, latin1("en")))),
                "'chara' chunk (iTXt) is cut short", "language tag has no end");
        refused("flag.png", png(chunk("iTXt", concat(latin1("chara"), new byte[] {0, 7, 0, 0, 0}, v2Base64()))),
                "compression flag 7");
        refused("method.png", png(chunk("zTXt", concat(latin1("chara"), new byte[] {0, 3}, zlib(v2Base64())))),
                "compression method 3");
    }

    @Test
    void otherTextChunksAreNotInflated() throws Exception {
        byte[] garbage = {1, 2, 3, 4, 5};
        assertEquals("Captain Mira Vale", importedName("other.png", png(zTXt("Comment", garbage),
                chunk("iTXt", concat(latin1("XML:com.adobe.xmp"), new byte[] {0, 1, 0, 0, 0}, garbage)),
                iTXt("chara", false, v2Base64()))));
    }
}

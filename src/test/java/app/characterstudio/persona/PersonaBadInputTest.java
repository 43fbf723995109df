package app.characterstudio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input gives an error naming the file and the problem, and leaves the workspace untouched. */
class PersonaBadInputTest {
    @TempDir
    Path dir;

    private String rejected(String fileName, byte[] bytes, String... expectedParts) throws Exception {
        Path characters = Files.createDirectories(dir.resolve("characters"));
        PersonaRepository repository = new PersonaRepository(characters);
        if (!repository.exists("existing")) {
            repository.create("Existing");
        }
        Path file = dir.resolve(fileName);
        Files.write(file, bytes);
        PersonaFormatException e = assertThrows(PersonaFormatException.class, () -> repository.importFile(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        }
        try (Stream<Path> entries = Files.list(characters)) {
            assertEquals(List.of("existing"), entries.map(p -> p.getFileName().toString()).toList(), "nothing written");
        }
        return e.getMessage();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void notJsonNamesLineAndColumn() throws Exception {
        rejected("broken.json", utf8("{\n  \"name\": \"Mira\",\n  \"description\": oops\n}"),
                "not valid JSON at line 3, column");
    }

    @Test
    void emptyFile() throws Exception {
        rejected("empty.json", new byte[0], "empty");
    }

    @Test
    void unknownSpec() throws Exception {
        rejected("v9.json", utf8("{\"spec\":\"chara_card_v9\",\"spec_version\":\"9.0\",\"data\":{\"name\":\"X\"}}"),
                "unknown card spec 'chara_card_v9'");
    }

    @Test
    void wrongSpecVersion() throws Exception {
        rejected("mixed.json", utf8("{\"spec\":\"chara_card_v2\",\"spec_version\":\"3.0\",\"data\":{\"name\":\"X\"}}"),
                "wrong spec_version '3.0'");
    }

    @Test
    void cardWithoutData() throws Exception {
        rejected("nodata.json", utf8("{\"spec\":\"chara_card_v3\",\"spec_version\":\"3.0\"}"), "needs a 'data' object");
    }

    @Test
    void fieldOfTheWrongType() throws Exception {
        rejected("type.json", utf8("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":{\"first\":\"X\"}}}"),
                "'name' should be text");
    }

    @Test
    void unrecognisedObject() throws Exception {
        rejected("other.json", utf8("{\"foo\": 1, \"bar\": [2]}"), "not a persona format the studio knows");
    }

    @Test
    void pngWithoutCardChunk() throws Exception {
        rejected("plain.png", PlainImage.forName("x"), "no 'ccv3' or 'chara' text chunk (tEXt, zTXt or iTXt)");
    }

    @Test
    void truncatedPng() throws Exception {
        byte[] card = PersonaExporter.export(PersonaFixtures.full("x"), ExportFormat.PNG, null);
        rejected("cut.png", Arrays.copyOf(card, card.length / 2), "truncated PNG", "claims");
        rejected("cut-end.png", Arrays.copyOf(card, card.length - 12), "truncated PNG");
    }

    @Test
    void damagedPngFailsItsCrc() throws Exception {
        byte[] card = PersonaExporter.export(PersonaFixtures.full("x"), ExportFormat.PNG, null);
        card[60] ^= 0x55;
        rejected("damaged.png", card, "fails its CRC check");
    }

    @Test
    void aPngWithABrokenSignatureIsToldDamagedNotUtf8() throws Exception {
        byte[] card = PersonaExporter.export(PersonaFixtures.full("x"), ExportFormat.PNG, null);
        byte[] broken = Arrays.copyOf(card, card.length);
        broken[0] = 0x00;
        broken[3] = 'X';
        String message = rejected("broken-signature.png", broken, "a damaged PNG", "PNG signature");
        assertTrue(!message.contains("UTF-8"), message);
        // the header chunk in place tells a PNG even under another name
        rejected("card.bin", broken, "a damaged PNG");
        // the first bytes cut off: named .png, not text
        rejected("cut-start.png", Arrays.copyOfRange(card, 5, card.length), "a damaged PNG");
    }

    @Test
    void cardChunkThatIsNotBase64() throws Exception {
        byte[] image = PlainImage.forName("x");
        List<PngCard.Chunk> chunks = new java.util.ArrayList<>(PngCard.chunks(image, "x"));
        chunks.add(chunks.size() - 1, PngCard.textChunk("chara", "this is not base64 !!!"));
        rejected("bad64.png", PngCard.write(chunks), "'chara' chunk (tEXt) is not base64");
    }

    @Test
    void fiftyMegabyteFieldIsOverTheFileLimit() throws Exception {
        byte[] big = new byte[50 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        byte[] head = utf8("{\"name\":\"X\",\"description\":\"");
        System.arraycopy(head, 0, big, 0, head.length);
        rejected("huge.json", big, "50.0 MB", "limit of 16.0 MB");
    }

    @Test
    void oversizedFieldNamesTheFieldAndTheLimit() throws Exception {
        String description = "a".repeat(PersonaInput.MAX_FIELD_CHARS + 1);
        rejected("long.json", utf8("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"X\",\"description\":\"" + description + "\"}}"),
                "'data.description'", "limit of 1,000,000 characters per field");
    }

    @Test
    void invalidUtf8NamesTheByteOffset() throws Exception {
        byte[] bytes = utf8("{\"姓名\":\"沈青禾\",\"性别\":\"女\"}");
        byte[] bad = Arrays.copyOf(bytes, bytes.length);
        bad[9] = (byte) 0xFF;
        rejected("latin.json", bad, "invalid UTF-8 at byte offset 9", "0xFF");
    }

    @Test
    void invalidUtf8InsideAPngCard() throws Exception {
        byte[] image = PlainImage.forName("x");
        List<PngCard.Chunk> chunks = new java.util.ArrayList<>(PngCard.chunks(image, "x"));
        byte[] json = utf8("{\"spec\":\"chara_card_v2\",\"data\":{\"name\":\"X\"}}");
        json[30] = (byte) 0xC3;
        chunks.add(chunks.size() - 1, PngCard.textChunk("chara", java.util.Base64.getEncoder().encodeToString(json)));
        rejected("badutf.png", PngCard.write(chunks), "invalid UTF-8 at byte offset 30", "'chara' chunk");
    }

    @Test
    void profileWithoutAName() throws Exception {
        rejected("noname.json", utf8("{\"性别\":\"女\",\"性格\":\"安静\"}"), "no name (姓名)");
    }
}

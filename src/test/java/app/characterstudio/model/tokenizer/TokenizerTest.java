package app.characterstudio.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.sentencepiece.SpTokenizer;
import app.characterstudio.OfflineMode;
import app.characterstudio.model.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids equal spm_encode's for every fixture line (tokens.json); decoding equals SentencePiece's. */
class TokenizerTest {
    static {
        OfflineMode.enforce();
    }

    private static Tokenizer tokenizer;
    private static JsonNode expected;

    @TempDir
    Path temp;

    @BeforeAll
    static void open() throws IOException {
        tokenizer = Tokenizer.open(Fixtures.tinyIndex().resolve("tokenizer.model"));
        expected = new ObjectMapper().readTree(Fixtures.tinyIndex().resolve("tokens.json").toFile());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesEveryLineExactlyAsSpmEncode() {
        assertTrue(expected.get("lines").size() >= 10);
        for (JsonNode line : expected.get("lines")) {
            int[] ids = new int[line.get("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = line.get("ids").get(i).asInt();
            }
            assertArrayEquals(ids, tokenizer.encode(line.get("text").asText()), line.get("text").asText());
            for (int i = 0; i < ids.length; i++) {
                assertEquals(line.get("pieces").get(i).asText(), tokenizer.piece(ids[i]));
            }
        }
    }

    @Test
    void decodesAsSentencePieceDoesIncludingEmojiAndBytes() {
        for (JsonNode line : expected.get("lines")) {
            int[] ids = tokenizer.encode(line.get("text").asText());
            assertEquals(line.get("decoded").asText(), tokenizer.decode(ids), line.get("text").asText());
        }
        assertEquals("", tokenizer.decode(new int[] {tokenizer.bosId(), tokenizer.eosId()}));
    }

    @Test
    void readsSizeAndSpecialIdsFromTheModel() {
        assertEquals(expected.get("vocab_size").asInt(), tokenizer.vocabSize());
        assertEquals(640, tokenizer.vocabSize());
        assertEquals(0, tokenizer.unkId());
        assertEquals(1, tokenizer.bosId());
        assertEquals(2, tokenizer.eosId());
        assertEquals("</s>", tokenizer.piece(2));
        assertEquals("reserved_0", tokenizer.piece(3));
        assertTrue(tokenizer.isControl(2));
        assertFalse(tokenizer.isControl(3));
        assertTrue(tokenizer.model().byteFallback());
        assertEquals("nmt_nfkc", tokenizer.model().normalization());
    }

    @Test
    void pieceTableAgreesWithTheNativeProcessor() throws IOException {
        try (SpTokenizer nativeTokenizer = new SpTokenizer(tokenizer.file())) {
            int compared = 0;
            for (int id = 0; id < tokenizer.vocabSize(); id++) {
                String piece = tokenizer.piece(id);
                // DJL's JNI garbles characters above U+FFFF (e.g. the emoji piece): compare the rest
                if (piece.codePoints().allMatch(Character::isBmpCodePoint)) {
                    assertEquals(nativeTokenizer.getProcessor().getToken(id), piece, "id " + id);
                    compared++;
                }
            }
            assertTrue(compared > 600, compared + " pieces compared");
        }
    }

    @Test
    void streamsWholeCharactersOnlyAcrossByteFallbackPieces() {
        String text = "哈哈😂🦄 ok";
        int[] ids = tokenizer.encode(text);
        TokenDecoder decoder = tokenizer.newDecoder(true);
        List<String> chunks = new ArrayList<>();
        for (int id : ids) {
            chunks.add(decoder.accept(id));
        }
        chunks.add(decoder.finish());
        assertEquals(text, String.join("", chunks));
        assertTrue(chunks.stream().noneMatch(c -> c.contains("\uFFFD")), chunks.toString());
        assertTrue(chunks.contains("🦄"), "the unicorn arrives whole after its four byte pieces: " + chunks);
        assertTrue(chunks.stream().filter(String::isEmpty).count() >= 3, chunks.toString());
    }

    @Test
    void keepsTheLeadingSpaceWhenAskedAndReplacesBrokenBytes() {
        int[] ids = tokenizer.encode("Hello");
        TokenDecoder keep = tokenizer.newDecoder(false);
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(keep.accept(id));
        }
        assertEquals(" Hello", text.toString());

        int continuation = byteId(0x80);
        int lead = byteId(0xF0);
        TokenDecoder broken = tokenizer.newDecoder(true);
        assertEquals("\uFFFD", broken.accept(continuation));
        assertEquals("", broken.accept(lead));
        assertEquals("\uFFFD", broken.finish());
    }

    @Test
    void refusesIdsOutsideTheVocabularyWithoutCrashing() {
        assertThrows(IllegalArgumentException.class, () -> tokenizer.piece(640));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {5, -1}));
        assertEquals("a", tokenizer.decode(tokenizer.encode("a")));
    }

    @Test
    void reportsMissingAndDamagedModelFiles() throws IOException {
        Path missing = temp.resolve("tokenizer.model");
        TokenizerLoadException e = assertThrows(TokenizerLoadException.class, () -> Tokenizer.open(missing));
        assertEquals("missing file " + missing, e.getMessage());
        Files.write(missing, new byte[] {(byte) 0x0A, (byte) 0xFF, 1, 2});
        e = assertThrows(TokenizerLoadException.class, () -> Tokenizer.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not a SentencePiece model"),
                e.getMessage());
    }

    private static int byteId(int value) {
        String piece = String.format("<0x%02X>", value);
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            if (tokenizer.piece(id).equals(piece)) {
                return id;
            }
        }
        throw new AssertionError(piece + " not in the vocabulary");
    }
}

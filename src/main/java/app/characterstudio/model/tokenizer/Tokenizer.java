package app.characterstudio.model.tokenizer;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import app.characterstudio.OfflineMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The model's SentencePiece tokenizer. Encoding goes through DJL's native SentencePiece (ids equal to
 * {@code spm_encode}'s); decoding is done here from the piece table, because DJL's decode garbles
 * characters above U+FFFF and an out-of-range id crashes its native code.
 */
public final class Tokenizer implements AutoCloseable {
    private static final String UNKNOWN_SURFACE = " \u2047 ";

    private final Path file;
    private final SentencePieceModelFile model;
    private final byte[][] surfaces;
    private final SpTokenizer native_;
    private final SpProcessor processor;
    private volatile boolean closed;

    private Tokenizer(Path file, SentencePieceModelFile model, SpTokenizer nativeTokenizer) {
        this.file = file;
        this.model = model;
        this.native_ = nativeTokenizer;
        this.processor = nativeTokenizer.getProcessor();
        this.surfaces = new byte[model.size()][];
        for (int id = 0; id < model.size(); id++) {
            surfaces[id] = surface(model.pieces().get(id));
        }
    }

    public static Tokenizer open(Path file) {
        SentencePieceModelFile model = SentencePieceModelFile.read(file);
        OfflineMode.enforce();
        try {
            return new Tokenizer(file, model, new SpTokenizer(file));
        } catch (IOException | RuntimeException e) {
            throw new TokenizerLoadException("cannot load the tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The number of pieces; ids run from 0 to this, exclusive. */
    public int vocabSize() {
        return model.size();
    }

    public int unkId() {
        return model.unkId();
    }

    public int bosId() {
        return model.bosId();
    }

    /** End of a reply ({@code </s>}). */
    public int eosId() {
        return model.eosId();
    }

    public SentencePieceModelFile model() {
        return model;
    }

    /** Token ids of {@code text}, without BOS (the Character model's prompts are plain text). */
    public int[] encode(String text) {
        checkOpen();
        if (text.isEmpty()) {
            return new int[0];
        }
        return processor.encode(text);
    }

    /** The whole text of {@code ids}, as SentencePiece decodes it (one leading space removed). */
    public String decode(int[] ids) {
        TokenDecoder decoder = newDecoder(true);
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(decoder.accept(id));
        }
        return text.append(decoder.finish()).toString();
    }

    /**
     * A streaming decoder. {@code stripLeadingSpace}: drop the space that the first word's {@code ▁} stands
     * for (true for a reply decoded on its own, as Hugging Face does).
     */
    public TokenDecoder newDecoder(boolean stripLeadingSpace) {
        return new TokenDecoder(this, stripLeadingSpace);
    }

    /** The piece text of {@code id} as stored in the model ({@code ▁} for spaces, {@code <0xHH>} for bytes). */
    public String piece(int id) {
        checkId(id);
        return model.pieces().get(id).text();
    }

    public boolean isControl(int id) {
        checkId(id);
        return model.pieces().get(id).type() == SentencePieceModelFile.PieceType.CONTROL;
    }

    /** The bytes {@code id} contributes to decoded text (empty for control pieces such as {@code </s>}). */
    byte[] pieceBytes(int id) {
        checkId(id);
        return surfaces[id];
    }

    boolean isWordStart(int id) {
        return model.addDummyPrefix() && model.pieces().get(id).text().startsWith("\u2581");
    }

    private void checkId(int id) {
        if (id < 0 || id >= surfaces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + surfaces.length
                    + " pieces of " + file);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the tokenizer " + file + " is closed");
        }
    }

    private static byte[] surface(SentencePieceModelFile.Piece piece) {
        String text = piece.text();
        return switch (piece.type()) {
            case CONTROL, UNUSED -> new byte[0];
            case UNKNOWN -> UNKNOWN_SURFACE.getBytes(StandardCharsets.UTF_8);
            case BYTE -> new byte[] {(byte) HexFormat.fromHexDigits(text, 3, 5)};
            default -> text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
        };
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            native_.close(); // closes its processor: closing both frees it twice and aborts the JVM
        }
    }
}

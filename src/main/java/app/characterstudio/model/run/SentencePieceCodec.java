package app.characterstudio.model.run;

import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelLoadException;
import app.characterstudio.model.tokenizer.TokenDecoder;
import app.characterstudio.model.tokenizer.Tokenizer;
import app.characterstudio.model.tokenizer.TokenizerLoadException;

/** The generator's view of the model's SentencePiece {@link Tokenizer}. */
public final class SentencePieceCodec implements TextCodec, AutoCloseable {
    private final Tokenizer tokenizer;

    public SentencePieceCodec(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static SentencePieceCodec open(ModelFolder folder) {
        try {
            return new SentencePieceCodec(Tokenizer.open(folder.tokenizerFile()));
        } catch (TokenizerLoadException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int[] encode(String text) {
        return tokenizer.encode(text);
    }

    @Override
    public TextStream newStream() {
        // a reply decoded on its own drops the space its first word piece stands for, as Hugging Face does
        TokenDecoder decoder = tokenizer.newDecoder(true);
        return new TextStream() {
            @Override
            public String push(int id) {
                return id >= 0 && id < tokenizer.vocabSize() ? decoder.accept(id) : "";
            }

            @Override
            public String finish() {
                return decoder.finish();
            }
        };
    }

    @Override
    public int endOfTextId() {
        return tokenizer.eosId();
    }

    @Override
    public String displayPiece(int id) {
        if (id < 0 || id >= tokenizer.vocabSize()) {
            return "<" + id + ">";
        }
        return tokenizer.piece(id).replace('\u2581', ' ');
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

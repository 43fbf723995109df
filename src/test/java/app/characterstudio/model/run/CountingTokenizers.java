package app.characterstudio.model.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ModelService} whose models' tokenizer is the real SentencePiece one, counting what is asked of it:
 * every text encoded (in order), every streaming decoder made and every id pushed through one.
 */
public final class CountingTokenizers {
    private final List<String> encoded = new ArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger pushed = new AtomicInteger();

    /** A model service for {@code modelsDir} whose tokenizers count into this. */
    public ModelService modelService(Path modelsDir) {
        return new ModelService(modelsDir, folder -> new Counting(SentencePieceCodec.open(folder)));
    }

    public synchronized List<String> encoded() {
        return List.copyOf(encoded);
    }

    public synchronized void reset() {
        encoded.clear();
        streams.set(0);
        pushed.set(0);
    }

    /** Streaming decoders made (one per candidate reply). */
    public int streams() {
        return streams.get();
    }

    /** Ids pushed through the streaming decoders (one per generated token). */
    public int pushed() {
        return pushed.get();
    }

    private synchronized void record(String text) {
        encoded.add(text);
    }

    private final class Counting implements TextCodec, AutoCloseable {
        private final SentencePieceCodec codec;

        Counting(SentencePieceCodec codec) {
            this.codec = codec;
        }

        @Override
        public int[] encode(String text) {
            record(text);
            return codec.encode(text);
        }

        @Override
        public TextStream newStream() {
            streams.incrementAndGet();
            TextStream stream = codec.newStream();
            return new TextStream() {
                @Override
                public String push(int id) {
                    pushed.incrementAndGet();
                    return stream.push(id);
                }

                @Override
                public String finish() {
                    return stream.finish();
                }
            };
        }

        @Override
        public int endOfTextId() {
            return codec.endOfTextId();
        }

        @Override
        public String displayPiece(int id) {
            return codec.displayPiece(id);
        }

        @Override
        public void close() {
            codec.close();
        }
    }
}

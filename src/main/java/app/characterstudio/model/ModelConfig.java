package app.characterstudio.model;

/**
 * The architecture of an Index (Llama-family) model, read from {@code config.json}.
 *
 * @param normHead         each row of {@code lm_head.weight} is L2-normalised before use
 * @param attentionBias    q/k/v/o projections carry biases
 */
public record ModelConfig(
        String architecture,
        int hiddenSize,
        int layerCount,
        int headCount,
        int kvHeadCount,
        int intermediateSize,
        int vocabSize,
        int maxPositions,
        float rmsNormEps,
        float ropeTheta,
        boolean normHead,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        TensorType torchDtype) {

    /** Bytes of the smallest element type the studio reads (float16, bfloat16). */
    public static final int SMALLEST_ELEMENT_BYTES = 2;

    /**
     * A Hugging Face {@code *ForSequenceClassification} checkpoint (TRL's reward output): the decoder under
     * {@code model.} with a {@code score} head in place of {@code lm_head}.
     */
    public boolean sequenceClassification() {
        return architecture.endsWith("ForSequenceClassification");
    }

    /**
     * Baichuan's layout: each layer's q, k and v projections are one {@code self_attn.W_pack.weight}
     * [q + 2 kv, hidden] (rows in that order), split at load into the three the engine uses.
     */
    public boolean packedQkv() {
        return architecture.startsWith("Baichuan");
    }

    /** Whether the checkpoint holds an {@code lm_head.weight} of its own. */
    public boolean hasOwnLmHead() {
        return !tieWordEmbeddings && !sequenceClassification();
    }

    public int headDim() {
        return hiddenSize / headCount;
    }

    /**
     * The fewest bytes weights of this shape can take: every parameter the architecture needs at
     * {@link #SMALLEST_ELEMENT_BYTES}. Computed in long; a size past {@link Long#MAX_VALUE} is that.
     */
    public long minimumWeightBytes() {
        try {
            long hidden = hiddenSize;
            long q = Math.multiplyExact((long) headCount, headDim());
            long kv = Math.multiplyExact((long) kvHeadCount, headDim());
            long perLayer = Math.addExact(Math.addExact(2 * hidden, Math.multiplyExact(2 * q, hidden)),
                    Math.addExact(Math.multiplyExact(2 * kv, hidden), Math.multiplyExact(3L * intermediateSize, hidden)));
            long embeddings = Math.multiplyExact(Math.multiplyExact((long) vocabSize, hidden), hasOwnLmHead() ? 2 : 1);
            long parameters = Math.addExact(Math.addExact(Math.multiplyExact(perLayer, layerCount), embeddings), hidden);
            return Math.multiplyExact(parameters, SMALLEST_ELEMENT_BYTES);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

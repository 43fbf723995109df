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

    public int headDim() {
        return hiddenSize / headCount;
    }
}

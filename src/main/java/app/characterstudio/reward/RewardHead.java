package app.characterstudio.reward;

import java.nio.file.Path;

/**
 * A reward model's scalar head: {@code score = hidden · weight + bias} on the final-normed hidden state of the last
 * real token.
 *
 * @param weightName the tensor read ({@code score.weight} or {@code v_head.summary.weight})
 * @param file       the file it was read from
 * @param bias       0 when the head has none ({@link #hasBias()} false)
 */
public record RewardHead(Layout layout, String weightName, Path file, float[] weight, float bias, boolean hasBias) {
    /** Where the head comes from. */
    public enum Layout {
        SEQUENCE_CLASSIFICATION("Hugging Face *ForSequenceClassification, num_labels 1"),
        VALUE_HEAD("LLaMA-Factory value head");

        private final String words;

        Layout(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public RewardHead {
        weight = weight.clone();
    }

    @Override
    public float[] weight() {
        return weight.clone();
    }

    /** The head's score for one final-normed hidden state of {@code weight.length} values. */
    double apply(float[] hidden, int offset) {
        double sum = bias;
        for (int i = 0; i < weight.length; i++) {
            sum += (double) hidden[offset + i] * weight[i];
        }
        return sum;
    }

    /** For {@code model info}: e.g. "score.weight [1, 2048], no bias (Hugging Face ...) in model.safetensors". */
    public String describe() {
        return weightName + " [1, " + weight.length + "]" + (hasBias ? " + bias" : ", no bias") + " ("
                + layout.words() + ") in " + file.getFileName();
    }
}

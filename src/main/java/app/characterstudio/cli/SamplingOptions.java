package app.characterstudio.cli;

import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.model.run.SamplingParams;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How replies are sampled, for every command that generates ({@code generate}, {@code chat},
 * {@code candidates generate}): an option left out keeps the model's default ({@link SamplingParams#DEFAULTS_IN_WORDS}).
 */
final class SamplingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--max-new-tokens", paramLabel = "N",
            description = "Longest reply in tokens (default: " + SamplingParams.DEFAULT_MAX_NEW_TOKENS + ").")
    Integer maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sampling temperature (default: " + SamplingParams.DEFAULT_TEMPERATURE + ").")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Sample among the K likeliest tokens; 0 turns top-k off (default: " + SamplingParams.DEFAULT_TOP_K + ").")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Nucleus sampling mass, in (0, 1] (default: " + SamplingParams.DEFAULT_TOP_P + ").")
    Float topP;

    @Option(names = "--repetition-penalty", paramLabel = "R",
            description = "Penalty on tokens already in the text (default: " + SamplingParams.DEFAULT_REPETITION_PENALTY + ").")
    Float repetitionPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Same seed, same output (default: a fresh seed each time).")
    Long seed;

    /** {@code base} with the options given. */
    SamplingParams applyTo(SamplingParams base) {
        SamplingParams p = base;
        try {
            if (maxNewTokens != null) {
                p = p.withMaxNewTokens(maxNewTokens);
            }
            if (temperature != null) {
                p = p.withTemperature(temperature);
            }
            if (topK != null) {
                p = p.withTopK(topK);
            }
            if (topP != null) {
                p = p.withTopP(topP);
            }
            if (repetitionPenalty != null) {
                p = p.withRepetitionPenalty(repetitionPenalty);
            }
            if (seed != null) {
                p = p.withSeed(seed);
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The chat's sampling settings: its defaults with the options given. */
    SamplingSettings settings() {
        SamplingSettings d = SamplingSettings.defaults();
        try {
            return new SamplingSettings(maxNewTokens != null ? maxNewTokens : d.maxNewTokens(),
                    temperature != null ? temperature : d.temperature(), topK != null ? topK : d.topK(),
                    topP != null ? topP : d.topP(), repetitionPenalty != null ? repetitionPenalty : d.repetitionPenalty(),
                    seed != null ? seed : d.seed(), d.logprobs());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

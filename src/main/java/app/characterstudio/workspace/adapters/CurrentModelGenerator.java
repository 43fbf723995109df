package app.characterstudio.workspace.adapters;

import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ChatException;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.chat.TokenProbability;
import app.characterstudio.model.run.Completion;
import app.characterstudio.model.run.FinishReason;
import app.characterstudio.model.run.GenerationListener;
import app.characterstudio.model.run.LoadedModel;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.model.run.SamplingParams;
import app.characterstudio.model.run.TokenLogprobs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Generates replies with whichever model is loaded in the workspace's {@link ModelService} at the
 * time of the call, so loading or unloading a model in the window takes effect in chat at once. A prompt built
 * with that model's tokenizer arrives with its ids ({@link BuiltPrompt#tokens()}) and is not encoded again.
 */
public final class CurrentModelGenerator implements ReplyGenerator {
    /** How many alternatives per token are kept when the creator asks for probabilities. */
    static final int TOP_LOGPROBS = 5;

    private final ModelService models;

    public CurrentModelGenerator(ModelService models) {
        this.models = models;
    }

    @Override
    public boolean available() {
        return models.current().isPresent();
    }

    @Override
    public String modelName() {
        return models.current().map(LoadedModel::name).orElse("");
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        try (ModelService.Lease lease = lease()) {
            LoadedModel model = lease.model();
            return generate(model, model.tokenizer().encode(prompt), count, sampling, stream, cancelled);
        }
    }

    /** The prompt's own ids when that model's tokenizer made them, else its text encoded (a model swapped in). */
    @Override
    public List<GeneratedReply> generate(BuiltPrompt prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        try (ModelService.Lease lease = lease()) {
            LoadedModel model = lease.model();
            int[] ids = prompt.tokens() != null && prompt.tokens().madeBy(model.tokenizer()) ? prompt.tokens().ids()
                    : model.tokenizer().encode(prompt.text());
            return generate(model, ids, count, sampling, stream, cancelled);
        }
    }

    private ModelService.Lease lease() {
        return models.lease().orElseThrow(() -> new ChatException(
                "No model is loaded, so no replies can be generated. Load one in the Model view "
                        + "(or with --model), or write the reply by hand."));
    }

    /** Runs on a model held by a lease: an Eject or a newer model meanwhile frees it only afterwards. */
    private static List<GeneratedReply> generate(LoadedModel model, int[] prompt, int count, SamplingSettings sampling,
                                                 ReplyStream stream, BooleanSupplier cancelled) {
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onText(int candidate, String delta) {
                stream.onDelta(candidate, delta);
            }

            @Override
            public void onPromptRead(int done, int total) {
                stream.onPromptRead(done, total);
            }
        };
        List<Completion> completions = model.generator().generate(prompt, samplingParams(sampling), count, listener,
                cancelled::getAsBoolean);
        List<GeneratedReply> replies = new ArrayList<>();
        for (Completion completion : completions) {
            replies.add(new GeneratedReply(completion.text(), completion.tokenIds().length,
                    finishReason(completion.finishReason()),
                    sampling.logprobs() ? logprobsJson(completion.logprobs()) : null, model.name()));
        }
        return replies;
    }

    /** Temperature 0 means greedy; seed 0 means a fresh random seed per request. */
    static SamplingParams samplingParams(SamplingSettings sampling) {
        SamplingParams params = SamplingParams.DEFAULTS
                .withMaxNewTokens(sampling.maxNewTokens())
                .withTopK(sampling.topK())
                .withTopP((float) sampling.topP())
                .withRepetitionPenalty((float) sampling.repetitionPenalty())
                .withSeed(sampling.seed() == 0 ? null : sampling.seed())
                .withLogprobs(sampling.logprobs() ? TOP_LOGPROBS : 0);
        return sampling.temperature() == 0
                ? params.withGreedy(true)
                : params.withTemperature((float) sampling.temperature());
    }

    /** Stored by enum name: nothing is lost (end of text and a stop string stay apart) and it reads back. */
    static String finishReason(FinishReason reason) {
        return reason.name();
    }

    /** The model's log-probabilities as the chat's one type, converted once here, as {@code logprobs_json}. */
    static String logprobsJson(List<TokenLogprobs> tokens) {
        return TokenProbability.toJson(tokens.stream().map(token -> new TokenProbability(token.piece(),
                widen(token.logprob()), token.top().stream()
                .map(a -> new TokenProbability.Alternative(a.piece(), widen(a.logprob()))).toList())).toList());
    }

    /** The float's shortest decimal, as stored before (-0.1, not -0.10000000149011612). */
    private static double widen(float logprob) {
        return Double.parseDouble(Float.toString(logprob));
    }
}

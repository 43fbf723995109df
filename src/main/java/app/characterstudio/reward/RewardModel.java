package app.characterstudio.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import app.characterstudio.model.ModelConfig;
import app.characterstudio.model.ModelFolder;
import app.characterstudio.model.ModelValidator;
import app.characterstudio.model.WeightFormat;
import app.characterstudio.model.WeightSource;
import app.characterstudio.model.WeightSources;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.DeviceChoice;
import app.characterstudio.model.run.IndexTransformer;
import app.characterstudio.model.run.KvCache;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.Precision;
import app.characterstudio.model.run.SentencePieceCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded reward model: the chat model's engine ({@link IndexTransformer#loadDecoder}, no lm_head) and a
 * {@link RewardHead}. Scores texts in right-padded batches; each row's score is read at its last real token, which
 * a causal decoder computes without ever seeing the padding after it. Close to free it.
 */
public final class RewardModel implements AutoCloseable {
    /** Texts scored together in one forward pass by {@link #score(List)}. */
    public static final int DEFAULT_BATCH = 8;

    private final ModelFolder folder;
    private final WeightSource source;
    private final IndexTransformer transformer;
    private final SentencePieceCodec tokenizer;
    private final RewardHead head;
    private final RewardTokens tokens;
    private final WeightFormat format;
    private String weightsHash;

    private RewardModel(ModelFolder folder, WeightSource source, IndexTransformer transformer,
                        SentencePieceCodec tokenizer, RewardHead head, RewardTokens tokens, WeightFormat format) {
        this.folder = folder;
        this.source = source;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.head = head;
        this.tokens = tokens;
        this.format = format;
    }

    /**
     * Opens the reward model folder {@code dir}: finds its head (refusing a LoRA-only folder, two heads, a misshapen
     * one or none), checks the tokenizer against the vocabulary, then loads the decoder as the chat model would.
     */
    public static RewardModel open(Path dir, LoadOptions options, LoadProgress progress, Cancellation cancel) {
        RewardHeads.refuseAdapterOnly(dir);
        ModelFolder folder = ModelFolder.open(dir);
        WeightFormat format = options.format() != null ? options.format() : folder.preferredFormat();
        WeightSource source = WeightSources.open(folder, format);
        SentencePieceCodec tokenizer = null;
        try {
            RewardHead head = RewardHeads.find(folder, format, source);
            RewardTokens tokens = RewardTokens.of(folder);
            ModelConfig config = folder.config();
            tokens.checkFits(config, folder.configFile());
            tokenizer = SentencePieceCodec.open(folder);
            ModelValidator.validateTokenizer(config, tokenizer.tokenizer().vocabSize(), folder.tokenizerFile().toString());
            DeviceChoice device = DeviceChoice.choose(options.device());
            Precision precision = options.precision() != null ? options.precision()
                    : device.isGpu() ? Precision.FP16 : Precision.FP32; // scores stay comparable between machines
            IndexTransformer transformer = IndexTransformer.loadDecoder(source, config, device, precision, progress,
                    cancel);
            return new RewardModel(folder, source, transformer, tokenizer, head, tokens, format);
        } catch (RuntimeException | Error e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            source.close();
            throw e;
        }
    }

    public String name() {
        return folder.dir().getFileName().toString();
    }

    public ModelFolder folder() {
        return folder;
    }

    public RewardHead head() {
        return head;
    }

    /**
     * SHA-256 (hex) of the config, tokenizer, weight files and head file this model was loaded from: what tells
     * two reward models of one name apart. Computed on first use (it reads every byte of the weights).
     */
    public synchronized String weightsHash() {
        if (weightsHash == null) {
            weightsHash = RewardFingerprint.of(folder, format, head.file());
        }
        return weightsHash;
    }

    public DeviceChoice device() {
        return transformer.device();
    }

    public Precision precision() {
        return transformer.precision();
    }

    /**
     * The ids the model reads for {@code input}: PROMPT + REPLY as one text, BOS/EOS as its config says. A text
     * longer than the model's max_position_embeddings loses the start of its prompt (a BOS stays first): the score
     * is read at the end, so the reply and EOS are always read whole.
     */
    public int[] encode(RewardInput input) {
        int[] ids = tokens.wrap(tokenizer.encode(input.text()));
        int limit = transformer.config().maxPositions();
        if (ids.length <= limit) {
            return ids;
        }
        int[] kept = new int[limit];
        int keepFirst = tokens.bos().isPresent() ? 1 : 0;
        System.arraycopy(ids, 0, kept, 0, keepFirst);
        System.arraycopy(ids, ids.length - (limit - keepFirst), kept, keepFirst, limit - keepFirst);
        return kept;
    }

    /**
     * The ids CharacterEval's reward-model script gives its model for {@code text}: the tokenizer's ids without any
     * special token, the config's EOS appended, then only the last {@code maxTokens} kept (cut from the left, so the
     * reply and the metric's name at the end always stay).
     */
    public int[] encodeTruncated(String text, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        }
        int eos = tokens.eos().orElseThrow(() -> new IllegalStateException(folder.configFile()
                + " names no eos_token_id, which this scoring appends"));
        int[] textIds = tokenizer.encode(text);
        int[] ids = java.util.Arrays.copyOf(textIds, textIds.length + 1);
        ids[textIds.length] = eos;
        return ids.length <= maxTokens ? ids : java.util.Arrays.copyOfRange(ids, ids.length - maxTokens, ids.length);
    }

    /** Scores texts encoded by {@link #encodeTruncated}, {@code batchSize} to a forward pass, in order. */
    public List<Double> scoreTruncated(List<String> texts, int maxTokens, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<int[]> rows = texts.stream().map(text -> encodeTruncated(text, maxTokens)).toList();
        List<Double> scores = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += batchSize) {
            scores.addAll(scoreIds(rows.subList(from, Math.min(rows.size(), from + batchSize)), tokens.pad()));
        }
        return scores;
    }

    /** Most positions the model was built for ({@code max_position_embeddings}). */
    public int maxPositions() {
        return folder.config().maxPositions();
    }

    public double score(RewardInput input) {
        return score(List.of(input)).get(0);
    }

    /** Scores in the order of {@code inputs}, {@value #DEFAULT_BATCH} texts to a forward pass. */
    public List<Double> score(List<RewardInput> inputs) {
        return score(inputs, DEFAULT_BATCH);
    }

    public List<Double> score(List<RewardInput> inputs, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<int[]> rows = inputs.stream().map(this::encode).toList();
        List<Double> scores = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += batchSize) {
            scores.addAll(scoreIds(rows.subList(from, Math.min(rows.size(), from + batchSize)), tokens.pad()));
        }
        return scores;
    }

    /** One forward pass over {@code rows}, right-padded with {@code padId}; a score per row. */
    List<Double> scoreIds(List<int[]> rows, int padId) {
        if (rows.isEmpty()) {
            return List.of();
        }
        int longest = 0;
        for (int[] row : rows) {
            if (row.length == 0) {
                throw new IllegalArgumentException("nothing to score: an empty text and no BOS or EOS");
            }
            longest = Math.max(longest, row.length);
        }
        int b = rows.size();
        long[] ids = new long[b * longest];
        long[] lastReal = new long[b];                                   // flat index row * T + (length - 1)
        for (int r = 0; r < b; r++) {
            int[] row = rows.get(r);
            java.util.Arrays.fill(ids, r * longest, (r + 1) * longest, padId);
            for (int i = 0; i < row.length; i++) {
                ids[r * longest + i] = row[i];
            }
            lastReal[r] = (long) r * longest + row.length - 1;
        }
        int hidden = transformer.config().hiddenSize();
        float[] states;
        try (NDManager step = transformer.newStepManager();
             KvCache cache = transformer.newCache(b, longest)) {
            NDArray tokenArray = step.create(ids, new Shape(b, longest));
            NDArray all = transformer.finalHidden(step, tokenArray, cache, 0);            // [B, T, hidden]
            NDArray last = all.reshape((long) b * longest, hidden)
                    .get(new NDIndex("{}", step.create(lastReal)));                     // [B, hidden]
            states = last.toFloatArray();
        }
        List<Double> scores = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            scores.add(head.apply(states, r * hidden));
        }
        return scores;
    }

    @Override
    public void close() {
        transformer.close();
        tokenizer.close();
        source.close();
    }
}

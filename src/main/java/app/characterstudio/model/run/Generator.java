package app.characterstudio.model.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates N candidate replies in one batch: one prefill of the prompt (batch 1), its keys and values
 * copied to N cache rows, then N continuations decoded together, one step per token. Finished candidates
 * leave the batch (their cache rows dropped) once half of it has finished; until then their rows run on
 * with the output ignored. The prompt's keys and values are kept in a {@link PromptCache}: the same prompt
 * again (regenerate, more candidates, other sampling settings) reads nothing, and a prompt that begins like
 * a kept one reads only what follows.
 */
public final class Generator implements AutoCloseable {
    public static final int MAX_CANDIDATES = 16;
    /** Prompt positions per prefill pass on the CPU: bounds the [heads, chunk, length] attention scores. */
    static final int PREFILL_CHUNK = 512;
    /**
     * On a GPU, memory is not what bounds a pass but the host's cost of issuing each pass's thousands of
     * operations: a 2,000-token prompt in 512-token passes paid it four times (H200: 143-239 ms against eager
     * PyTorch's 58-64 ms in one pass).
     */
    static final int GPU_PREFILL_CHUNK = 2048;

    private final IndexTransformer model;
    private final TextCodec codec;
    private final PromptCache prompts;
    private final int prefillChunk;

    /** With a prompt cache of the default size ({@link PromptCache#defaultCapacityBytes}). */
    public Generator(IndexTransformer model, TextCodec codec) {
        this(model, codec, PromptCache.defaultCapacityBytes(model.device()));
    }

    /** {@code promptCacheBytes} 0 keeps no prompt. */
    public Generator(IndexTransformer model, TextCodec codec, long promptCacheBytes) {
        this.model = model;
        this.codec = codec;
        this.prompts = model.newPromptCache(promptCacheBytes);
        this.prefillChunk = model.device().isGpu() ? GPU_PREFILL_CHUNK : PREFILL_CHUNK;
    }

    /** Prompt positions per prefill pass (progress is told, and cancelling is checked, between passes). */
    int prefillChunk() {
        return prefillChunk;
    }

    public PromptCache promptCache() {
        return prompts;
    }

    @Override
    public void close() {
        prompts.close();
    }

    public List<Completion> generate(String prompt, SamplingParams params, int candidates,
                                     GenerationListener listener, Cancellation cancel) {
        return generate(codec.encode(prompt), params, candidates, listener, cancel);
    }

    public List<Completion> generate(int[] promptIds, SamplingParams params, int candidates,
                                     GenerationListener listener, Cancellation cancel) {
        if (candidates < 1 || candidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidates must be 1 to " + MAX_CANDIDATES + ", got " + candidates);
        }
        if (promptIds.length == 0) {
            throw new GenerationException("the prompt is empty: there is nothing to continue");
        }
        int maxPositions = model.config().maxPositions();
        if (promptIds.length >= maxPositions) {
            throw new GenerationException("the prompt has " + promptIds.length + " tokens; this model reads at most "
                    + maxPositions + " including the reply");
        }
        int capacity = Math.min(maxPositions, promptIds.length + params.maxNewTokens());
        long seed = params.seed() != null ? params.seed() : new SecureRandom().nextLong();
        List<CandidateState> states = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            states.add(new CandidateState(i, new TokenSampler(params, seed + 0x9E3779B97F4A7C15L * i, promptIds),
                    codec.newStream(), new StopDetector(params.stopStrings(), params.stopAtSpeakerLine())));
        }
        try (KvCache cache = model.newCache(candidates, capacity)) {
            return run(promptIds, params, states, cache, capacity, listener, cancel);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw NativeFailures.whileGenerating(e);
        }
    }

    private List<Completion> run(int[] promptIds, SamplingParams params, List<CandidateState> states, KvCache cache,
                                 int capacity, GenerationListener listener, Cancellation cancel) {
        long start = System.nanoTime();
        PromptCache.Hit hit = prompts.longestPrefix(promptIds);
        // at least the last prompt token is run again when the kept prompt is not this one: its logits are needed
        int reused = hit.whole(promptIds.length) ? promptIds.length : Math.min(hit.positions(), promptIds.length - 1);
        prompts.restore(hit, cache, reused);
        listener.onPromptRead(reused, promptIds.length);
        float[] row = reused == promptIds.length ? hit.entry().lastLogits()
                : prefill(promptIds, reused, cache, listener, cancel);                      // [vocab]
        if (reused < promptIds.length) {
            prompts.store(promptIds, cache, row);
        }
        float[][] logits = new float[states.size()][];                                      // by candidate
        java.util.Arrays.fill(logits, row);
        double prefillMillis = (System.nanoTime() - start) / 1e6;
        long decodeStart = System.nanoTime();
        int steps = 0;
        int position = promptIds.length;
        List<CandidateState> batch = states;                                  // cache row r decodes batch.get(r)
        while (true) {
            accept(logits, params, states, listener, capacity - position);
            if (states.stream().noneMatch(CandidateState::active)) {
                break;
            }
            if (cancel.isCancelled()) {
                finishAll(states, FinishReason.CANCELLED, listener);
                break;
            }
            batch = dropFinished(batch, cache, position);
            logits = decode(batch, states.size(), cache, position);
            position++;
            steps++;
        }
        GenerationTimings timings = new GenerationTimings(promptIds.length, reused, prefillMillis,
                (System.nanoTime() - decodeStart) / 1e6, steps);
        return states.stream().map(s -> s.toCompletion(timings)).toList();
    }

    /**
     * Runs the prompt from position {@code from} as one batch row, in chunks so a long prompt's attention scores
     * stay small (and progress can be told); the keys and values land in every cache row. Returns the logits
     * after the last prompt token.
     */
    private float[] prefill(int[] promptIds, int first, KvCache cache, GenerationListener listener,
                            Cancellation cancel) {
        float[] row = null;
        for (int from = first; from < promptIds.length; from += prefillChunk) {
            if (cancel.isCancelled()) {
                throw new GenerationException("generation was cancelled while reading the prompt");
            }
            int to = Math.min(promptIds.length, from + prefillChunk);
            try (NDManager step = model.newStepManager()) {
                long[] chunk = toLongs(java.util.Arrays.copyOfRange(promptIds, from, to));
                NDArray tokens = step.create(chunk, new Shape(1, chunk.length));
                row = model.forward(step, tokens, cache, from, false).toFloatArray();
            }
            listener.onPromptRead(to, promptIds.length);
        }
        return row;
    }

    /**
     * The rows of {@code batch} still active, their cache rows moved to the front, once at most half of the
     * batch is still active. Shrinking by halves bounds the cache moves, and a smaller odd batch is not
     * always cheaper: on the development machine 3 rows cost 876-973 ms a step against 4 rows' 679-699.
     */
    private static List<CandidateState> dropFinished(List<CandidateState> batch, KvCache cache, int length) {
        long active = batch.stream().filter(CandidateState::active).count();
        if (active * 2 > batch.size()) {
            return batch;
        }
        List<CandidateState> kept = new ArrayList<>();
        int[] sources = new int[(int) active];
        for (int row = 0; row < batch.size(); row++) {
            if (batch.get(row).active()) {
                sources[kept.size()] = row;
                kept.add(batch.get(row));
            }
        }
        cache.keepRows(sources, length);
        return kept;
    }

    /**
     * One step for the rows of {@code batch}: feeds each row's last token at {@code position}; returns
     * logits by candidate index (null for candidates outside the batch).
     */
    private float[][] decode(List<CandidateState> batch, int candidates, KvCache cache, int position) {
        try (NDManager step = model.newStepManager()) {
            long[] last = batch.stream().mapToLong(s -> s.lastToken).toArray();
            NDArray tokens = step.create(last, new Shape(batch.size(), 1));
            float[] flat = model.forward(step, tokens, cache, position, false).toFloatArray(); // [rows, vocab]
            int vocab = model.config().vocabSize();
            float[][] logits = new float[candidates][];
            for (int row = 0; row < batch.size(); row++) {
                logits[batch.get(row).index] = java.util.Arrays.copyOfRange(flat, row * vocab, (row + 1) * vocab);
            }
            return logits;
        }
    }

    /** Samples one token per active candidate, streams its text and decides whether it ends. */
    private void accept(float[][] logitsByCandidate, SamplingParams params, List<CandidateState> states,
                        GenerationListener listener, int positionsLeft) {
        for (CandidateState state : states) {
            if (!state.active()) {
                continue;
            }
            float[] logits = logitsByCandidate[state.index];
            int token = state.sampler.next(logits);
            state.lastToken = token;
            state.ids.add(token);
            TokenLogprobs probs = params.logprobs() > 0 ? Logprobs.of(logits, token, params.logprobs(), codec) : null;
            if (probs != null) {
                state.logprobs.add(probs);
            }
            listener.onToken(state.index, token, probs);
            if (token == codec.endOfTextId()) {
                finish(state, FinishReason.END_OF_TEXT, listener);
                continue;
            }
            emit(state, state.stops.accept(state.stream.push(token)), listener);
            if (state.stops.stopped()) {
                finish(state, FinishReason.STOP, listener);
            } else if (state.ids.size() >= params.maxNewTokens() || positionsLeft <= 0) {
                finish(state, FinishReason.LENGTH, listener);
            }
        }
    }

    private static void finishAll(List<CandidateState> states, FinishReason reason, GenerationListener listener) {
        for (CandidateState state : states) {
            if (state.active()) {
                finish(state, reason, listener);
            }
        }
    }

    private static void finish(CandidateState state, FinishReason reason, GenerationListener listener) {
        if (!state.stops.stopped()) {
            emit(state, state.stops.accept(state.stream.finish()), listener);
            emit(state, state.stops.flush(), listener);
        }
        state.finish = reason;
        listener.onFinished(state.index, reason);
    }

    private static void emit(CandidateState state, String delta, GenerationListener listener) {
        if (!delta.isEmpty()) {
            listener.onText(state.index, delta);
        }
    }

    private static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}

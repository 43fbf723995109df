/**
 * Reward models (issue 13): a model folder holding a decoder the engine runs ({@code model.run.IndexTransformer},
 * loaded without its lm_head) plus a scalar head applied to the final-normed hidden state of the last real token.
 *
 * <ul>
 *   <li>{@link app.characterstudio.reward.RewardHeads} finds the head: Hugging Face {@code *ForSequenceClassification}
 *       ({@code score.weight} [1, hidden], no bias) or LLaMA-Factory's {@code value_head.safetensors}/{@code .bin}
 *       ({@code v_head.summary.weight} [1, hidden] and {@code v_head.summary.bias} [1]); a LoRA adapter without
 *       merged weights, two candidate heads, a misshapen head or none at all are refused, naming the files.</li>
 *   <li>{@link app.characterstudio.reward.RewardModel} loads one and scores prompt + reply texts in right-padded
 *       batches, each at its last real token; what it reads is {@link app.characterstudio.reward.RewardTokens}
 *       (BOS only when tokenizer_config.json asks, EOS appended when config.json names one); a text past
 *       max_position_embeddings loses the start of its prompt, never its reply. {@code weightsHash()} fingerprints
 *       the files it was loaded from, so stored scores name the exact weights. {@code scoreTruncated} reads texts as
 *       CharacterEval's reward script does (no special tokens, EOS appended, cut from the left), for {@code eval}.</li>
 * </ul>
 * The decoder may be Index, Llama or Baichuan-7B style (its fused {@code W_pack} split at load by the model package).
 * Depends on {@code model} only.
 */
package app.characterstudio.reward;

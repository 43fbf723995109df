/**
 * Evaluation runs (issue 14), CharacterEval-style: a fixed test set, a run of the current model over it, scores per
 * metric and per character, and two runs side by side.
 *
 * <ul>
 *   <li>Sets: {@link app.characterstudio.eval.CharacterEvalFiles} reads CharacterEval's {@code data/} files (every item
 *       checked before anything is written; profiles become personas through {@code persona}'s importer);
 *       {@link app.characterstudio.eval.ScriptHoldOut} holds lines of the workspace's scripts out as references.</li>
 *   <li>Runs: {@link app.characterstudio.eval.EvalService#run} answers each item with chat's own prompt assembly through
 *       {@link app.characterstudio.eval.ChatPromptAssembly}, the one class that uses {@code chat}; resumable, batched
 *       into transactions, held-out lines kept out of retrieval.</li>
 *   <li>Scores: {@link app.characterstudio.eval.TextScores} (char F1, ROUGE-L, length),
 *       {@link app.characterstudio.eval.RewardScoring} (CharacterEval's reward-model text and transform, through
 *       {@code reward.RewardModel}), the creator's 1-5 ratings.</li>
 *   <li>Out: {@link app.characterstudio.eval.CharacterEvalExport} (generation.jsonl, generation_trans.jsonl,
 *       evaluation.jsonl) and {@link app.characterstudio.eval.EvalReport} (means, t intervals, groups, paired test).</li>
 * </ul>
 * Sits beside {@code label} and {@code export}: uses {@code chat} (one seam), {@code reward}, {@code persona},
 * {@code script}, {@code model} and {@code store} (all SQL in {@code store.EvalRepository}); nothing below uses it.
 */
package app.characterstudio.eval;

/**
 * Dataset export: labeled turns become training files a trainer loads without an edit.
 *
 * <p>The chain: {@link app.characterstudio.export.LabeledTurnQuery} turns the rows of labeled turns
 * ({@link app.characterstudio.store.LabeledTurnRepository}, read-only) into {@link app.characterstudio.export.ExportRecord}s, one per labeled turn with the history on its
 * path from the session's root (so a preference on an earlier turn is its own record, the pair at
 * the end, as LLaMA-Factory requires); {@link app.characterstudio.export.PreferenceRules} decides
 * chosen and rejected (an edited reply is chosen over the reply it was edited from);
 * {@link app.characterstudio.export.ExportOptions} filters; {@link app.characterstudio.export.Deduplicator}
 * removes duplicates; {@link app.characterstudio.export.SessionSplit} splits by session; each
 * {@link app.characterstudio.export.DatasetFormat} renders rows; the writer puts them in a folder
 * atomically with {@code dataset_info.json} (LLaMA-Factory formats) and {@code manifest.json}.
 *
 * <p>Reward models (issue 13): {@link app.characterstudio.export.RewardLayout} renders any turn's prompt as a
 * preference export writes it, so a reward model reads what its trainer gave it; a
 * {@link app.characterstudio.export.RewardFilter} bounds records by stored scores and, when asked, adds
 * machine-made pairs of unlabeled turns, marked in each row and the manifest and counted apart.
 *
 * <p>KTO uses TRL's unpaired preference format ({@code prompt} messages, {@code completion}
 * assistant message list, {@code label} true/false) rather than LLaMA-Factory's {@code kto_tag}:
 * TRL's KTO trainer reads it as is.
 *
 * <p>Determinism: records are ordered by character, session and turn; rows serialise the same way
 * every time; the manifest holds no clock time (only the default folder name does).
 */
package app.characterstudio.export;

/**
 * Script excerpts: the character's real lines, imported from files and retrieved for prompts.
 *
 * <p>Import: {@link app.characterstudio.script.TextDecoder} turns bytes into text (byte-order mark,
 * strict UTF-8, else strict and plausible GB18030; never mojibake), a
 * {@link app.characterstudio.script.ScriptFormat} picks the {@link app.characterstudio.script.ScriptParser}
 * (screenplay, CSV/TSV, JSON/JSONL, SRT) that yields utterances and scene breaks with their file line
 * numbers, and the {@link app.characterstudio.script.SceneRule} numbers the scenes.
 * {@link app.characterstudio.script.ScriptStore} keeps sources and lines in the workspace database.
 *
 * <p>Retrieval: every line of a speaker is the reply of an exchange whose context is up to
 * {@code window} preceding lines of its scene. The context is indexed with Lucene (analysis chain in
 * {@code script.analysis}), its terms scoped to the replying speaker so that restricting a search to
 * one character reads only that character's postings; {@link app.characterstudio.script.Retriever}
 * ranks contexts by BM25 against the recent conversation, for one character's names, and
 * {@link app.characterstudio.script.SimilarDialogues} prepares the hits for the prompt's
 * {@code ${simi_dialog}} as the reference pipeline did. {@link app.characterstudio.script.ScriptLibrary}
 * is the service the window and the command line share; the index is derived and rebuilt from the
 * database whenever it is missing or out of step.
 */
package app.characterstudio.script;

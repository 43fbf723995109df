/**
 * Script excerpts: the character's real lines, imported from files and retrieved for prompts.
 *
 * <p>Import: {@link app.characterstudio.script.TextDecoder} turns bytes into text (byte-order mark,
 * strict UTF-8, else strict and plausible GB18030; never mojibake), a
 * {@link app.characterstudio.script.ScriptFormat} picks the {@link app.characterstudio.script.ScriptParser}
 * (screenplay, CSV/TSV, JSON/JSONL, SRT) that yields utterances and scene breaks with their file line
 * numbers, and the {@link app.characterstudio.script.SceneRule} numbers the scenes. Limits, each refused
 * with the file and line before anything is stored ({@link app.characterstudio.script.ScriptReader}): a
 * line of at most 1 MiB, a speaker name of at most 200 characters in every format, and no control
 * characters other than tab and line ends whichever decoder read the text.
 * {@link app.characterstudio.store.ScriptRepository} keeps sources and lines in the workspace database.
 *
 * <p>Retrieval: every line of a speaker is the reply of an exchange whose context is up to
 * {@code window} preceding lines of its scene (a scene's first line is its own context). The index
 * holds one Lucene document per line, analyzed once (analysis chain in {@code script.analysis}):
 * its terms, its source and position (doc values), and the speakers whose replies have it in their
 * context, so a search for one character only scores lines that can count for that character.
 * Indexing each line once, instead of once per exchange whose context holds it (about
 * {@code window} times), halved the CPU time of an import and made the index about five times smaller.
 * {@link app.characterstudio.script.LineIndexer} analyzes and adds chunks of whole scenes on several
 * threads, which also write out their buffered segments in parallel before the commit, while the
 * database stores the lines on the importing thread.
 * {@link app.characterstudio.script.Retriever} ranks lines by BM25 against the recent conversation
 * and credits each line hit to the character's exchanges whose context holds it; an exchange's score
 * is the sum of its lines' scores over the square root of its context's line count (a short context
 * with the same match ranks higher, as BM25's length norm had it when whole contexts were documents).
 * {@link app.characterstudio.script.LineTable} keeps each line's scene, speaker and length in compact
 * arrays, in step with every import, removal and rebuild, so this aggregation reads no database;
 * only the few exchanges returned are read for their text. Per-scene diversity, minimum reply length
 * and excluded sources apply to the exchanges. {@link app.characterstudio.script.SimilarDialogues}
 * prepares the hits for the prompt's {@code ${simi_dialog}} as the reference pipeline did.
 * {@link app.characterstudio.script.ScriptLibrary} is the service the window and the command line
 * share; the index is derived and rebuilt from the database whenever it is missing or out of step.
 */
package app.characterstudio.script;

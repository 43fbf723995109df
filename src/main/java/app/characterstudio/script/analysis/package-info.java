/**
 * How script text becomes search terms. {@link app.characterstudio.script.analysis.ScriptAnalyzer}
 * only assembles small pieces, each doing one job:
 *
 * <ol>
 *   <li>{@code HMMChineseTokenizer} (Lucene smartcn): splits sentences and segments Chinese into
 *       words with its hidden-Markov model; runs of Latin letters or digits come out as words too,
 *       full-width forms folded to half-width.</li>
 *   <li>{@link app.characterstudio.script.analysis.PunctuationFilter}: drops tokens with no letter or
 *       digit (smartcn emits punctuation as tokens).</li>
 *   <li>{@code LowerCaseFilter}: English matches whatever its case.</li>
 *   <li>{@code StopFilter} with {@code ScriptAnalyzer.STOP_WORDS}: Chinese particles (的 了 吗 呢 啊 …) and
 *       English stop words, which occur in nearly every line.</li>
 *   <li>{@link app.characterstudio.script.analysis.CjkBigramFilter}: adds the overlapping character
 *       bigrams of each run of Chinese text, also across word boundaries, beside the words, so a
 *       segmentation mistake (a name or slang the dictionary does not know) still matches.</li>
 * </ol>
 *
 * <p>The same chain analyzes the indexed lines and the query conversation. Terms are indexed with
 * frequencies but no positions or offsets: BM25 needs only those, and highlighting re-analyzes the few
 * lines shown. For the index's own field ({@code ScriptAnalyzer.INDEX_FIELD}) a last filter sets the
 * offsets to zero, since IndexWriter refuses the backward offsets of the bigram spanning two words.
 */
package app.characterstudio.script.analysis;

/**
 * Loading an Index model folder (the transformer and generation live beside it).
 *
 * <ul>
 *   <li>{@link app.characterstudio.model.ModelFolder#open(java.nio.file.Path)}: reads {@code config.json} into a
 *       {@link app.characterstudio.model.ModelConfig} (unknown architectures refused; {@code rope_theta} defaults to
 *       10000, {@code attention_bias}/{@code norm_head}/{@code tie_word_embeddings} to false) and finds the weight
 *       formats present ({@link app.characterstudio.model.WeightFormat}, in order of preference) and
 *       {@code tokenizer.model}. A config whose sizes need more bytes (2 a parameter) than all the folder's
 *       {@code .safetensors}/{@code .bin} files hold is refused there, before any shape list, cache or table is
 *       built; {@code max_position_embeddings} is not bounded by the weights, so the rotary table is sized by the
 *       context a cache actually asks for, never allocated for the maximum up front.</li>
 *   <li>{@link app.characterstudio.model.WeightSources#open(ModelFolder)} (or {@code open(folder, format)}): a
 *       {@link app.characterstudio.model.MappedWeightSource} (a {@link app.characterstudio.model.WeightSource}) over
 *       safetensors or {@code torch.save} bins, single or sharded. Headers, offsets and pickles are validated when it
 *       opens; {@code data(name)} maps that one tensor read-only (little-endian, position 0, never write to it).
 *       Close it when the tensors have been copied out.</li>
 *   <li>{@link app.characterstudio.model.ModelValidator#validate}: every tensor the architecture needs is present
 *       with the shape the config implies; call it before any compute ({@code validateTokenizer} checks the tokenizer's
 *       size against {@code vocab_size}). {@code expectedShapes(config)} lists the tensors (also handy for making a
 *       random real-size model).</li>
 *   <li>{@link app.characterstudio.model.TensorConversions}: bf16/fp16/fp32 to direct little-endian fp32 or fp16
 *       buffers (DJL cannot hold bf16); {@code convertInto} reuses a scratch buffer.</li>
 *   <li>{@link app.characterstudio.model.tokenizer.Tokenizer#open}: SentencePiece encode through DJL (ids equal to
 *       {@code spm_encode}), decode in Java; {@code newDecoder(true)} streams text only in whole UTF-8 characters.
 *       No BOS is added: the Character model's prompts are plain text. {@code eosId()} ends a reply.</li>
 *   <li>{@link app.characterstudio.model.ModelSummary#of}: what {@code model info} prints (headers only, no weights
 *       read); {@link app.characterstudio.model.ModelCatalog#list} summarises every folder under {@code models/}
 *       ({@code model list}), for a folder picker.</li>
 * </ul>
 *
 * <p>Test fixtures ({@code src/test/fixtures/make_tiny_index_model.py}, outputs under {@code src/test/resources}):
 * {@code tiny-index} (fp32, safetensors + bin, tokenizer, {@code tokens.json}, {@code reference.json} with the
 * prompts' ids, last-position logits (all positions for the first prompt) and 20 greedy ids), {@code tiny-index-bf16},
 * {@code tiny-index-gqa} (2 kv heads, fp16, sharded bins, no tokenizer) and {@code tiny-index-bad}; see the test
 * class {@code app.characterstudio.model.Fixtures}. The test class {@code ReferenceForward} is a plain-float forward
 * pass that reproduces every fixture's reference logits from loaded tensors: a readable spec of the maths.
 */
package app.characterstudio.model;

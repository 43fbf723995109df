/**
 * The Index model's SentencePiece tokenizer: encoding through DJL's native SentencePiece (ids equal to
 * {@code spm_encode}'s), decoding from the piece table read straight from {@code tokenizer.model}
 * ({@link app.characterstudio.model.tokenizer.SentencePieceModelFile}), and streaming decode that holds back
 * byte-fallback pieces until they form whole characters ({@link app.characterstudio.model.tokenizer.TokenDecoder}).
 */
package app.characterstudio.model.tokenizer;

package app.characterstudio.model.run;

/** Text to token ids and back, as the generator needs it (implemented over the model's tokenizer). */
public interface TextCodec {
    int[] encode(String text);

    /** A decoder that turns ids into text as they come, holding back incomplete UTF-8 sequences. */
    TextStream newStream();

    /** The id that ends a reply ({@code </s>}). */
    int endOfTextId();

    /** A readable form of one token for display (its text, or a byte such as {@code <0xE4>}). */
    String displayPiece(int id);

    interface TextStream {
        /** The text completed by {@code id} (may be empty while a multi-byte character is incomplete). */
        String push(int id);

        /** Whatever is still held back (an incomplete character, shown as U+FFFD). */
        String finish();
    }
}

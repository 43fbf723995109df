package app.characterstudio.eval;

import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A model stand-in: answers call n with "回答n" and a second line, records prompts and seeds, can fail at a call. */
public final class FakeGenerator implements ReplyGenerator {
    public final List<String> prompts = new ArrayList<>();
    public final List<Long> seeds = new ArrayList<>();
    public int failAtCall = -1;
    /** Told the number of calls answered after each call. */
    public java.util.function.IntConsumer afterCall = calls -> { };
    /** Runs as a call starts (may throw, as a model stopped while reading the prompt does). */
    public Runnable beforeCall = () -> { };

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String modelName() {
        return "fake-model";
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        beforeCall.run();
        if (prompts.size() == failAtCall) {
            failAtCall = -1;
            throw new IllegalStateException("the process died here");
        }
        prompts.add(prompt);
        seeds.add(sampling.seed());
        afterCall.accept(prompts.size());
        return List.of(new GeneratedReply("回答" + prompts.size() + "\n续写的第二行", 4, "END_OF_TEXT", null, "fake-model"));
    }
}

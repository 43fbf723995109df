package app.characterstudio.eval;

import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A model stand-in: answers call n with "回答n" and a second line, records prompts and seeds, can fail at a call. */
final class FakeGenerator implements ReplyGenerator {
    final List<String> prompts = new ArrayList<>();
    final List<Long> seeds = new ArrayList<>();
    int failAtCall = -1;

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
        if (prompts.size() == failAtCall) {
            failAtCall = -1;
            throw new IllegalStateException("the process died here");
        }
        prompts.add(prompt);
        seeds.add(sampling.seed());
        return List.of(new GeneratedReply("回答" + prompts.size() + "\n续写的第二行", 4, "END_OF_TEXT", null, "fake-model"));
    }
}

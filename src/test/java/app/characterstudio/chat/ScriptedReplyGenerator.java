package app.characterstudio.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A fake model for tests: candidate {@code i} of call {@code n} is {@code 回复n-i，你好呀}, streamed one
 * character at a time, with a small log-probability record when asked. Records every prompt it saw.
 */
public final class ScriptedReplyGenerator implements ReplyGenerator {
    private final List<String> prompts = new CopyOnWriteArrayList<>();
    private volatile int cancelAfterCharacters = -1;

    public List<String> prompts() {
        return prompts;
    }

    /** Makes the next calls report cancellation after streaming this many characters of candidate 0. */
    public void cancelAfter(int characters) {
        cancelAfterCharacters = characters;
    }

    public static String replyText(int call, int index) {
        return "回复" + call + "-" + index + "，你好呀";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String modelName() {
        return "scripted-fake";
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        prompts.add(prompt);
        int call = prompts.size();
        List<GeneratedReply> replies = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            String text = replyText(call, index);
            StringBuilder produced = new StringBuilder();
            boolean stopped = false;
            for (int i = 0; i < text.length(); i++) {
                if (cancelled.getAsBoolean() || (cancelAfterCharacters >= 0 && i >= cancelAfterCharacters)) {
                    stopped = true;
                    break;
                }
                produced.append(text.charAt(i));
                stream.onDelta(index, String.valueOf(text.charAt(i)));
            }
            String logprobs = sampling.logprobs()
                    ? "[{\"token\":\"回\",\"logprob\":-0.25,\"top\":[{\"token\":\"回\",\"logprob\":-0.25},{\"token\":\"嗯\",\"logprob\":-1.5}]}]"
                    : null;
            replies.add(new GeneratedReply(produced.toString(), produced.length(),
                    stopped ? GeneratedReply.CANCELLED : "STOP", logprobs, "scripted-fake"));
        }
        return replies;
    }
}

package app.characterstudio.workspace.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.characterstudio.TinyModelFixture;
import app.characterstudio.chat.ChatPorts;
import app.characterstudio.chat.ChatService;
import app.characterstudio.chat.GenerationResult;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.model.run.Cancellation;
import app.characterstudio.model.run.CountingTokenizers;
import app.characterstudio.model.run.LoadOptions;
import app.characterstudio.model.run.LoadProgress;
import app.characterstudio.model.run.ModelService;
import app.characterstudio.persona.Persona;
import app.characterstudio.script.ImportOptions;
import app.characterstudio.script.ImportProgress;
import app.characterstudio.store.Candidate;
import app.characterstudio.store.Session;
import app.characterstudio.store.Turn;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reply through the real adapters (the tiny fixture model's SentencePiece tokenizer, the script index) asks the
 * tokenizer to encode its whole prompt exactly once. What is counted: every {@code TextCodec.encode} call of the
 * loaded model, from the prompt build (each part once: the template with the persona, each dialogue line, the
 * newline, each retrieved block, the separator; then the whole prompt), from retrieval's packing and from the
 * generator; and the streaming decoders (one per candidate, one push per generated token, which is inherent).
 */
class OneEncodePerReplyTest {
    @TempDir
    Path dir;

    @Test
    void theWholePromptIsEncodedOnceAndEachPartOnce() throws Exception {
        Path script = ScriptExchangeRetrieverTest.radioScript(dir);
        Path model = TinyModelFixture.copyWithContext(dir.resolve("models"), 4096);
        CountingTokenizers counting = new CountingTokenizers();
        try (Studio studio = Studio.open(Workspace.open(dir.resolve("ws")));
             ModelService models = counting.modelService(dir.resolve("models"))) {
            studio.scripts().importFiles(List.of(script), ImportOptions.defaults(), ImportProgress.NONE);
            studio.personas().save(Persona.named("lin", "林知夏"));
            models.load(model, LoadOptions.DEFAULTS, LoadProgress.IGNORE, Cancellation.NEVER);
            studio.useChatPorts(new ChatPorts(new CurrentModelGenerator(models), new CurrentModelTokenCounter(models),
                    new ScriptExchangeRetriever(studio.scripts())));
            ChatService chat = studio.chat();
            Session session = chat.startSession("lin", "小满");
            Turn first = chat.say(session.id(), null, "今晚的节目几点开始？");
            Candidate reply = chat.writeReply(first.id(), "十一点整。");
            Turn turn = chat.say(session.id(), reply.id(), "我的猫走丢了怎么办");
            counting.reset();

            GenerationResult result = chat.generate(turn.id(), 2,
                    SamplingSettings.defaults().withMaxNewTokens(6).withLogprobs(true),
                    ReplyGenerator.ReplyStream.IGNORE, () -> false);

            String prompt = result.candidates().get(0).promptText();
            List<String> encoded = counting.encoded();
            assertFalse(result.prompt().exchanges().isEmpty(), "retrieval took part in this reply");
            assertEquals(1, Collections.frequency(encoded, prompt), "the whole prompt once: " + encoded);
            assertEquals(encoded.size(), new HashSet<>(encoded).size(), "no text encoded twice: " + encoded);
            assertTrue(encoded.stream().filter(text -> !text.equals(prompt)).noneMatch(text -> text.contains("我的猫走丢了怎么办")
                    && text.contains("十一点整。")), "no other text holds the conversation (no second build): " + encoded);
            assertEquals(result.prompt().tokenCount(), models.current().orElseThrow().tokenizer().encode(prompt).length);
            assertEquals(2, counting.streams(), "one streaming decoder per candidate");
            assertTrue(counting.pushed() >= 2 && counting.pushed() <= 2 * 6, "one push per generated token");
        }
    }
}

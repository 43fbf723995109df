package app.characterstudio.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream reader on its own, fed bytes cut wherever the network may cut them. */
class CompletionStreamReaderTest {
    private static final URI BASE = URI.create("http://127.0.0.1:9");

    /** Two candidates, fields in several orders and with what vLLM and llama.cpp add, then usage and [DONE]. */
    private static final String STREAM = String.join("\n",
            ": a comment the reader skips",
            "event: completion",
            "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                    + "[{\"index\":1,\"text\":\"你\",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}],\"usage\":null}",
            "",
            "data:{\"choices\":[{\"text\":\"字\",\"index\":0,\"finish_reason\":null}]}",
            "",
            "data: {\"choices\":[{\"finish_reason\":\"stop\",\"text\":\"好\",\"index\":1},"
                    + "{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\",\"stop_reason\":{\"nested\":[1,2]}}]}",
            "",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}",
            "",
            "data: [DONE]",
            "",
            "");

    private record Run(CompletionStreamReader reader, List<String> deltas) {
        CompletionResult finish() {
            reader.finish(BASE);
            return reader.result(BASE);
        }
    }

    /** Feeds {@code bytes} cut at {@code cuts} (ascending), each piece inside a larger array as a read buffer is. */
    private static Run feed(int n, byte[] bytes, int... cuts) {
        List<String> deltas = new ArrayList<>();
        CompletionStreamReader reader = new CompletionStreamReader(n, (index, text) -> deltas.add(index + ":" + text))
                .start(BASE);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            byte[] buffer = new byte[to - from + 7];
            System.arraycopy(bytes, from, buffer, 3, to - from);
            if (!reader.accept(buffer, 3, 3 + to - from)) {
                break;
            }
            from = to;
        }
        reader.end();
        return new Run(reader, deltas);
    }

    private static Run feed(int n, String text) {
        return feed(n, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertTheTwoCandidates(Run run, String where) {
        CompletionResult result = run.finish();
        assertEquals("字", result.choices().get(0).text(), where);
        assertEquals("length", result.choices().get(0).finishReason(), where);
        assertEquals("你好", result.choices().get(1).text(), where);
        assertEquals("stop", result.choices().get(1).finishReason(), where);
        assertEquals(1, result.choices().get(0).tokens(), where + ": an empty text is no token");
        assertEquals(2, result.choices().get(1).tokens(), where);
        assertEquals(12, result.promptTokens(), where);
        assertEquals(List.of("1:你", "0:字", "1:好"), run.deltas(), where);
        assertEquals(4, run.reader().events(), where);
    }

    @Test
    void everyCutOfTheBytesReadsTheSameCandidates() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertTheTwoCandidates(feed(2, bytes, cut), "cut at " + cut);
        }
    }

    @Test
    void oneByteAtATimeReadsTheSameCandidates() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[bytes.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertTheTwoCandidates(feed(2, bytes, cuts), "byte by byte");
    }

    @Test
    void linesMayEndWithCarriageReturnsAndTheLastNeedsNoEnd() {
        String crlf = STREAM.replace("\n", "\r\n");
        String cr = STREAM.replace("\n", "\r");
        String unended = STREAM.strip();
        assertTheTwoCandidates(feed(2, crlf), "CRLF");
        assertTheTwoCandidates(feed(2, cr), "CR");
        assertTheTwoCandidates(feed(2, unended), "no end after [DONE]");
        byte[] bytes = crlf.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertTheTwoCandidates(feed(2, bytes, cut), "CRLF cut at " + cut);
        }
    }

    @Test
    void logprobsOfEachEventAddUp() {
        String event = "data: {\"choices\":[{\"index\":0,\"text\":\"%s\",\"logprobs\":{\"tokens\":[\"%s\"],"
                + "\"token_logprobs\":[-0.5],\"top_logprobs\":[{\"%s\":-0.5,\"x\":-2.0}]}}]}\n\n";
        CompletionResult result = feed(1, event.formatted("a", "a", "a") + event.formatted("b", "b", "b")
                + "data: [DONE]\n\n").finish();

        assertEquals("ab", result.choices().get(0).text());
        assertEquals(2, result.choices().get(0).tokens());
        assertEquals("b", result.choices().get(0).logprobs().get(1).token());
        assertEquals(-0.5, result.choices().get(0).logprobs().get(1).logprob());
        assertEquals(2, result.choices().get(0).logprobs().get(1).top().size());
        assertEquals(-1, result.promptTokens(), "no usage, no count");
    }

    @Test
    void aChoiceOutsideTheCandidatesStopsTheStreamWithNothingOfThatEventApplied() {
        Run run = feed(2, "data: {\"choices\":[{\"index\":0,\"text\":\"a\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":1,\"text\":\"b\"},{\"index\":2,\"text\":\"c\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":1,\"text\":\"late\"}]}\n\ndata: [DONE]\n\n");

        BackendException error = assertThrows(BackendException.class, run::finish);
        assertTrue(error.getMessage().startsWith("The stream sent an event that is not a completions chunk: "
                + "{\"choices\":[{\"index\":1,\"text\":\"b\"}"), error.getMessage());
        assertTrue(error.getCause().getMessage().contains(BASE + " returned a choice with index 2, outside 0..1"),
                error.getCause().getMessage());
        assertEquals(List.of("0:a"), run.deltas(), "the bad event's first choice is not delivered, nor what follows");
    }

    @Test
    void somethingOtherThanJsonOrACutEventStopsTheStream() {
        for (String data : List.of("not json", "{\"choices\":[{\"index\":0,\"text\":\"a\"", "{\"choices\":[5]}")) {
            Run run = feed(1, "data: " + data + "\n\ndata: [DONE]\n\n");
            BackendException error = assertThrows(BackendException.class, run::finish, data);
            assertTrue(error.getMessage().contains("not a completions chunk: " + data), error.getMessage());
            assertTrue(run.deltas().isEmpty(), data);
        }
    }

    @Test
    void aStreamWithoutDoneIsReportedAsCut() {
        Run run = feed(1, "data: {\"choices\":[{\"index\":0,\"text\":\"a\"}]}\n\n");

        BackendException error = assertThrows(BackendException.class, run::finish);
        assertTrue(error.getMessage().contains("ended after 1 events without data: [DONE]"), error.getMessage());
        assertFalse(run.deltas().isEmpty());
    }
}

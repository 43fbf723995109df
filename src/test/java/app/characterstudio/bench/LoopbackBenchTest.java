package app.characterstudio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bench's bookkeeping on a small run; its figures are read by people, never asserted. */
@Timeout(60)
class LoopbackBenchTest {
    @Test
    void everyRequestIsAnsweredOnceAndBothModesAreMeasured() {
        List<LoopbackBench.Result> results = LoopbackBench.run(new LoopbackBench.Settings(40, 3, Duration.ofMillis(2), 6,
                2, 3));

        assertEquals(List.of(true, false), results.stream().map(LoopbackBench.Result::streamed).toList());
        for (LoopbackBench.Result result : results) {
            assertEquals(40, result.requests());
            assertEquals(3, result.perServer().size());
            assertEquals(40, result.perServer().stream().mapToInt(Integer::intValue).sum(), result.perServer().toString());
            assertTrue(result.perServer().stream().allMatch(count -> count > 0), "every server got work: " + result);
            assertEquals(6 / 0.002, result.idealPerSecond(), 1e-9);
            assertTrue(result.requestsPerSecond() > 0 && result.seconds() > 0);
        }
    }
}

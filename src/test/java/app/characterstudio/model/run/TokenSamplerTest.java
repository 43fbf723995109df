package app.characterstudio.model.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final float[] LOGITS = {1f, 5f, 3f, 4.9f, -2f, 0f};

    @Test
    void greedyTakesTheArgMax() {
        TokenSampler sampler = new TokenSampler(SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1f),
                1, new int[0]);
        assertEquals(1, sampler.next(LOGITS));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        // token 1 (5.0) was in the prompt: 5.0 / 1.1 < 4.9, so greedy moves to token 3
        TokenSampler sampler = new TokenSampler(SamplingParams.DEFAULTS.withGreedy(true).withRepetitionPenalty(1.1f),
                1, new int[] {1});
        assertEquals(3, sampler.next(LOGITS));
        assertEquals(1, sampler.next(LOGITS), "3 is penalised now too, and 4.9/1.1 < 5/1.1");
    }

    @Test
    void topKLimitsTheChoices() {
        Set<Integer> seen = new HashSet<>();
        TokenSampler sampler = new TokenSampler(SamplingParams.DEFAULTS.withTemperature(5f).withTopK(2).withTopP(1f)
                .withRepetitionPenalty(1f), 9, new int[0]);
        for (int i = 0; i < 300; i++) {
            seen.add(sampler.next(LOGITS));
        }
        assertEquals(Set.of(1, 3), seen);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // probabilities at temperature 1: token 1 ≈ 0.49, token 3 ≈ 0.44: p = 0.5 needs both
        Set<Integer> seen = new HashSet<>();
        TokenSampler sampler = new TokenSampler(SamplingParams.DEFAULTS.withTemperature(1f).withTopK(0).withTopP(0.5f)
                .withRepetitionPenalty(1f), 5, new int[0]);
        for (int i = 0; i < 300; i++) {
            seen.add(sampler.next(LOGITS));
        }
        assertEquals(Set.of(1, 3), seen);
        TokenSampler tight = new TokenSampler(SamplingParams.DEFAULTS.withTemperature(1f).withTopK(0).withTopP(0.3f)
                .withRepetitionPenalty(1f), 5, new int[0]);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, tight.next(LOGITS));
        }
    }

    @Test
    void lowTemperatureConcentratesAndTheSameSeedRepeats() {
        SamplingParams cold = SamplingParams.DEFAULTS.withTemperature(0.01f).withTopK(0).withTopP(1f)
                .withRepetitionPenalty(1f);
        TokenSampler sampler = new TokenSampler(cold, 1, new int[0]);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, sampler.next(LOGITS));
        }
        SamplingParams warm = cold.withTemperature(3f);
        int[] a = new int[40];
        int[] b = new int[40];
        TokenSampler first = new TokenSampler(warm, 77, new int[0]);
        TokenSampler second = new TokenSampler(warm, 77, new int[0]);
        for (int i = 0; i < 40; i++) {
            a[i] = first.next(LOGITS);
            b[i] = second.next(LOGITS);
        }
        assertArrayEquals(a, b);
        assertTrue(java.util.Arrays.stream(a).distinct().count() > 2);
    }

    @Test
    void topTokensAreOrderedBestFirst() {
        assertArrayEquals(new int[] {1, 3, 2}, TopTokens.indicesByScore(LOGITS, 3));
        assertArrayEquals(new int[] {1, 3, 2, 0, 5, 4}, TopTokens.indicesByScore(LOGITS, 0));
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplingParams.DEFAULTS.withTopP(1.5f));
        assertTrue(e.getMessage().contains("top-p"));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULTS.withTemperature(0f));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULTS.withTopK(-1));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULTS.withMaxNewTokens(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULTS.withStops(List.of(""), true));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULTS.withLogprobs(21));
    }

    @Test
    void defaultsFollowTheReferenceDemos() {
        SamplingParams d = SamplingParams.DEFAULTS;
        assertEquals(5, d.topK());
        assertEquals(0.8f, d.topP());
        assertEquals(0.7f, d.temperature());
        assertEquals(1.05f, d.repetitionPenalty());
        assertEquals(300, d.maxNewTokens());
        assertTrue(d.stopAtSpeakerLine());
    }
}

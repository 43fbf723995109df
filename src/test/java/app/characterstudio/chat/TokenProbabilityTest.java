package app.characterstudio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Probabilities read in percent wherever tokens are shown. */
class TokenProbabilityTest {
    @Test
    void probabilitiesReadInPercent() {
        assertEquals("83.1%", TokenProbability.percent(0.831));
        assertEquals("100.0%", TokenProbability.percent(1.0));
        assertEquals("0.1%", TokenProbability.percent(0.0006));
        assertEquals("<0.1%", TokenProbability.percent(0.0004), "never a misleading 0.0%");
        List<TokenProbability> tokens = TokenProbability.parse(
                "[{\"token\":\"你\",\"logprob\":-0.5,\"top\":[{\"token\":\"我\",\"logprob\":-2.0}]}]");
        assertEquals("60.7%", tokens.get(0).percent());
        assertEquals("13.5%", tokens.get(0).top().get(0).percent());
    }
}

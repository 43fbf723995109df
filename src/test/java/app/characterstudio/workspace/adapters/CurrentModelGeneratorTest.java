package app.characterstudio.workspace.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.characterstudio.chat.ReplyGenerator.GeneratedReply;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.model.run.FinishReason;
import app.characterstudio.model.run.SamplingParams;
import org.junit.jupiter.api.Test;

/** The adapter's translations between the chat's words and the model's types. */
class CurrentModelGeneratorTest {

    @Test
    void finishReasonsAreStoredByTheirEnumName() {
        for (FinishReason reason : FinishReason.values()) {
            assertEquals(reason, FinishReason.valueOf(CurrentModelGenerator.finishReason(reason)));
        }
        assertEquals(FinishReason.CANCELLED.name(), GeneratedReply.CANCELLED);
    }

    @Test
    void theChatsDefaultSamplingIsTheModelsDefaultSampling() {
        assertEquals(SamplingParams.DEFAULTS, CurrentModelGenerator.samplingParams(SamplingSettings.defaults()));
    }
}

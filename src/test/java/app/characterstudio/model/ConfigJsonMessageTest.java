package app.characterstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad config.json is told as a sentence (file, line, column, what was expected), not the parser's own words. */
class ConfigJsonMessageTest {
    @TempDir
    Path dir;

    private String refused(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return assertThrows(ModelLoadException.class, () -> ModelConfigReader.readJson(file)).getMessage();
    }

    @Test
    void aTrailingCommaIsToldWithItsLineAndWhatWasExpected() throws Exception {
        assertEquals(dir.resolve("config.json") + " is not valid JSON at line 3, column 1: a field name in double "
                + "quotes was expected, found '}' (a comma before '}' with nothing after it?).",
                refused("{\n  \"hidden_size\": 64,\n}"));
    }

    @Test
    void otherMistakesReadAsSentencesToo() throws Exception {
        Path file = dir.resolve("config.json");
        assertEquals(file + " is not valid JSON at line 2, column 3: a comma between two entries was expected, "
                + "found '\"'.", refused("{\"a\": 1\n  \"b\": 2}"));
        assertEquals(file + " is not valid JSON at line 1, column 7: 'True' is no JSON value (expected text in double "
                + "quotes, a number, true, false, null, a list [...] or an object {...}).", refused("{\"a\": True}"));
        String cut = refused("{\"a\": [1, 2");
        assertEquals(true, cut.contains("the file ends before the closing ']'"), cut);
        assertEquals(file + " must hold one JSON object ({ \"field\": value, ... }), not an array.", refused("[1]"));
    }
}

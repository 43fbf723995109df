package app.characterstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.css.CssParser;
import org.junit.jupiter.api.Test;

/** Every stylesheet parses cleanly: JavaFX only logs CSS errors, and a lost brace silently drops rules. */
class StylesheetsTest {
    @Test
    void everyStylesheetParsesWithoutErrors() throws IOException {
        List<Path> sheets;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("assets")), Files.walk(Path.of("src/main")))) {
            sheets = files.filter(f -> f.toString().endsWith(".css")).toList();
        }
        assertFalse(sheets.isEmpty());
        for (Path sheet : sheets) {
            CssParser.errorsProperty().clear();
            new CssParser().parse(sheet.toUri().toURL());
            assertEquals(List.of(), List.copyOf(CssParser.errorsProperty()), sheet + " has CSS errors");
        }
    }
}

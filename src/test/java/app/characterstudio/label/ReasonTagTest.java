package app.characterstudio.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The database keeps its own CHECK on reason tags (SQLite cannot read an enum); it must list the same tags. */
class ReasonTagTest {
    private static final Pattern CHECK = Pattern.compile("reason\\s+IN\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    @Test
    void theDatabaseCheckListsExactlyTheReasonTags() throws IOException, URISyntaxException {
        String latest = null;
        Path migrations = Path.of(ReasonTagTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.sorted().toList()) { // V1.. in order: the last CHECK on label_reasons holds
                Matcher check = CHECK.matcher(Files.readString(file));
                while (check.find()) {
                    latest = check.group(1);
                }
            }
        }
        assertFalse(latest == null, "no migration checks label_reasons.reason");
        List<String> checked = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(latest);
        while (quoted.find()) {
            checked.add(quoted.group(1));
        }
        assertEquals(ReasonTag.tags(), checked);
    }

    @Test
    void tagsParseBackToTheirEnum() {
        for (ReasonTag tag : ReasonTag.values()) {
            assertEquals(tag, ReasonTag.parse(tag.tag()));
        }
    }
}

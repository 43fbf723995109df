package app.characterstudio.label;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Why replies were rejected (or why the choice was hard): the one list of reason tags. The export's filter, the
 * command line's help and the database's CHECK on {@code label_reasons.reason} follow it (ReasonTagTest holds the
 * CHECK to it).
 */
public enum ReasonTag {
    OUT_OF_CHARACTER("out of character"),
    WRONG_FACTS("wrong facts about the character"),
    BLAND("bland"),
    TOO_LONG("too long"),
    UNSAFE("unsafe"),
    REPETITIVE("repetitive"),
    OTHER("other");

    private final String description;

    ReasonTag(String description) {
        this.description = description;
    }

    /** The tag as written in the database and on the command line, e.g. {@code out_of_character}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every tag as stored, in declaration order. */
    public static List<String> tags() {
        return Arrays.stream(values()).map(ReasonTag::tag).toList();
    }

    public String description() {
        return description;
    }

    /** Parses {@code out_of_character}, {@code out-of-character} or {@code OUT_OF_CHARACTER}. */
    public static ReasonTag parse(String text) {
        String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(tag -> tag.name().equals(key)).findFirst()
                .orElseThrow(() -> new LabelException("Unknown reason '" + text + "'. Known reasons: "
                        + String.join(", ", tags()) + "."));
    }
}

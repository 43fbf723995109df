package app.characterstudio.persona;

import java.util.Arrays;
import java.util.Locale;

/** The formats a persona exports to, named as the command line and the window name them. */
public enum ExportFormat {
    CARD_V2("card-v2", "json"),
    CARD_V3("card-v3", "json"),
    PNG("png", "png"),
    JSON("json", "json");

    private final String label;
    private final String extension;

    ExportFormat(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }

    public String label() {
        return label;
    }

    /** The usual file name ending, without the dot. */
    public String extension() {
        return extension;
    }

    public static ExportFormat parse(String text) {
        return Arrays.stream(values()).filter(f -> f.label.equalsIgnoreCase(text)
                        || f.name().equalsIgnoreCase(text.replace('-', '_')))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown format '" + text
                        + "'; expected card-v2, card-v3, png or json"));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}

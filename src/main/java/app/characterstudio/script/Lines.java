package app.characterstudio.script;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines on {@code \n}, {@code \r\n} or {@code \r}, keeping empty lines. */
final class Lines {
    private Lines() {
    }

    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}

package app.characterstudio.script;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where scenes begin. Files and dialogue cells always start a scene; inside a text file a scene
 * heading does, and a blank line does when {@code splitOnBlankLines}.
 *
 * @param heading lines matching this (with {@code find}) are scene headings, not dialogue
 */
public record SceneRule(boolean splitOnBlankLines, Pattern heading) {
    /** {@code 第3场}, {@code 第十二幕}, {@code INT.}/{@code EXT.}, Markdown {@code ## …}, {@code [Scene …]}, {@code 【…】}. */
    public static final Pattern DEFAULT_HEADING = Pattern.compile(
            "^\\s*(第[0-9０-９零〇一二三四五六七八九十百千]+[场幕集回章节]"
                    + "|(?:INT|EXT|INT\\./EXT|I/E)\\.\\s"
                    + "|#{1,6}\\s"
                    + "|\\[(?:Scene|场景)[^\\]]*\\]\\s*$"
                    + "|【[^】]*】\\s*$"
                    + "|(?:场景|Scene)\\s*[0-9０-９一二三四五六七八九十]+\\s*[:：.]?\\s*$)",
            Pattern.CASE_INSENSITIVE);

    public static final SceneRule DEFAULT = new SceneRule(true, DEFAULT_HEADING);

    /** Scenes start only at headings matching {@code regex} (blank lines do not split). */
    public static SceneRule headingsMatching(String regex) {
        try {
            return new SceneRule(false, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new ScriptFormatException("Scene rule \"" + regex + "\" is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    public boolean isHeading(String line) {
        return heading.matcher(line).find();
    }
}

package app.characterstudio.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON parser's message ("Unexpected character ('}' (code 125)): was expecting double-quote to start
 * field name at [Source: …; line: 3, column: 1]") into a sentence a person can act on: which file, which line
 * and column, what was expected and what was found.
 */
final class JsonSyntaxMessage {
    private static final Pattern FOUND = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");

    private JsonSyntaxMessage() {
    }

    static String of(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return file + " is not valid JSON" + where + ": " + problem(e.getOriginalMessage()) + ".";
    }

    private static String problem(String original) {
        String text = original == null ? "" : original;
        Matcher found = FOUND.matcher(text);
        String what = found.find() ? "'" + found.group(1) + "'" : null;
        if (text.contains("double-quote to start field name")) {
            return "a field name in double quotes was expected" + foundText(what)
                    + ("'}'".equals(what) ? " (a comma before '}' with nothing after it?)" : "");
        }
        if (text.contains("comma to separate Object entries")) {
            return "a comma between two entries was expected" + foundText(what);
        }
        if (text.contains("comma to separate Array entries")) {
            return "a comma between two list items was expected" + foundText(what);
        }
        if (text.contains("colon to separate field name and value")) {
            return "':' after the field name was expected" + foundText(what);
        }
        if (text.contains("end-of-input") && text.contains("Object")) {
            return "the file ends before the closing '}'";
        }
        if (text.contains("end-of-input") && text.contains("Array")) {
            return "the file ends before the closing ']'";
        }
        if (text.contains("end-of-input")) {
            return "the file ends in the middle of a value";
        }
        Matcher token = TOKEN.matcher(text);
        if (token.find()) {
            return "'" + token.group(1) + "' is no JSON value (expected text in double quotes, a number, true, false, "
                    + "null, a list [...] or an object {...})";
        }
        if (what != null) {
            return "unexpected " + what;
        }
        return text.replaceAll("\\s*\\(code \\d+\\)", "").strip();
    }

    private static String foundText(String what) {
        return what == null ? "" : ", found " + what;
    }
}

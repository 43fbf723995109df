package app.characterstudio.script;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The text encoding of a script file: detected ({@link #AUTO}) or chosen by the user. */
public enum ScriptEncoding {
    AUTO(null),
    UTF_8(StandardCharsets.UTF_8),
    GB18030(Charset.forName("GB18030")),
    UTF_16(StandardCharsets.UTF_16),
    UTF_16LE(StandardCharsets.UTF_16LE),
    UTF_16BE(StandardCharsets.UTF_16BE);

    private final Charset charset;

    ScriptEncoding(Charset charset) {
        this.charset = charset;
    }

    public Charset charset() {
        return charset;
    }

    /** The name users type: {@code auto, utf-8, gb18030, gbk, utf-16, utf-16le, utf-16be}. */
    public static ScriptEncoding parse(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace("_", "-");
        return switch (key) {
            case "auto", "" -> AUTO;
            case "utf-8", "utf8" -> UTF_8;
            case "gb18030", "gbk", "gb2312" -> GB18030;
            case "utf-16", "utf16" -> UTF_16;
            case "utf-16le", "utf16le" -> UTF_16LE;
            case "utf-16be", "utf16be" -> UTF_16BE;
            default -> throw new ScriptFormatException("Unknown encoding \"" + name
                    + "\": expected auto, utf-8, gb18030 (also gbk), utf-16, utf-16le or utf-16be.");
        };
    }

    public String label() {
        return this == AUTO ? "auto" : charset.name();
    }
}

package app.characterstudio.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Reads one script file: decode, detect the format, parse, number the scenes. Touches nothing. */
public final class ScriptReader {
    private ScriptReader() {
    }

    public static ParsedScript read(Path file, ImportOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScriptFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return read(file.toAbsolutePath().toString(), file.getFileName().toString(), bytes, options);
    }

    public static ParsedScript read(String path, String name, byte[] bytes, ImportOptions options) {
        TextDecoder.Decoded decoded = TextDecoder.decode(bytes, name, options.encoding());
        ScriptFormat format = options.chosenFormat().orElseGet(() -> ScriptFormat.detect(name, decoded.text()));
        List<ParsedEntry> entries = format.parser().parse(decoded.text(), name, options);
        List<ScriptLine> lines = SceneSplitter.split(entries, options.sceneRule());
        return new ParsedScript(path, name, sha256(bytes), decoded.encoding(), format, lines);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

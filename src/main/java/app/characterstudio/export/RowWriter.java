package app.characterstudio.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serialises rows the same way every time: compact JSON, UTF-8, non-ASCII kept as is, one row per line.
 * A JSON array file is {@code [} on its own line, one row per line separated by commas, {@code ]}.
 */
final class RowWriter {
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RowWriter() {
    }

    static String line(JsonNode row) {
        try {
            return COMPACT.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] bytes(JsonNode row) {
        try {
            return COMPACT.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] pretty(JsonNode node) {
        try {
            return (PRETTY.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Writes {@code rows} in {@code layout}; {@code afterRow} runs after each row (progress, cancel). */
    static void write(List<ExportPlan.Row> rows, DatasetFormat.Layout layout, OutputStream out, Runnable afterRow)
            throws IOException {
        boolean array = layout == DatasetFormat.Layout.JSON_ARRAY;
        if (array) {
            out.write("[\n".getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < rows.size(); i++) {
            out.write(rows.get(i).line());
            out.write((array && i < rows.size() - 1 ? ",\n" : "\n").getBytes(StandardCharsets.UTF_8));
            afterRow.run();
        }
        if (array) {
            out.write("]\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}

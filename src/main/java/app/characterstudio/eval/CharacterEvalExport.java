package app.characterstudio.eval;

import app.characterstudio.store.EvalRepository.ItemRow;
import app.characterstudio.store.EvalRepository.ReplyRow;
import app.characterstudio.store.EvalRepository.ScoreRow;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CharacterEval's result files, so its own scripts read them unchanged (each is one JSON array, indented 4, as its
 * scripts write them despite the .jsonl names): {@code generation.jsonl} (the items with {@code model_output}),
 * {@code generation_trans.jsonl} (one record per item and metric, the output cut to its first line, with
 * {@code metric_en}, {@code metric_zh}) and {@code evaluation.jsonl} (those records with the score under the
 * {@code metric_en} key; written only when the run has reward-model scores).
 */
final class CharacterEvalExport {
    static final String GENERATION = "generation.jsonl";
    static final String TRANS = "generation_trans.jsonl";
    static final String EVALUATION = "evaluation.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CharacterEvalExport() {
    }

    static List<Path> write(Path outDir, List<ItemRow> items, List<ReplyRow> replies, List<ScoreRow> scores,
                            String scorer) {
        Map<Long, ItemRow> byId = new HashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        Map<String, Double> rm = new HashMap<>();
        scores.stream().filter(s -> s.scorer().equals(scorer)).forEach(s -> rm.put(s.itemId() + "\n" + s.metric(), s.value()));
        ArrayNode generation = JSON.createArrayNode();
        ArrayNode trans = JSON.createArrayNode();
        ArrayNode evaluation = JSON.createArrayNode();
        for (ReplyRow reply : replies) {
            ItemRow item = byId.get(reply.itemId());
            ObjectNode record = generation.addObject();
            if (item.key().matches("-?\\d{1,18}")) {
                record.put("id", Long.parseLong(item.key()));
            } else {
                record.put("id", item.key());
            }
            record.put("role", item.role());
            record.put("novel_name", item.novel());
            record.put("context", item.context());
            record.put("model_output", reply.output());
            for (Metric metric : EvalService.metrics(item)) {
                ObjectNode t = record.deepCopy();
                t.put("model_output", EvalService.firstLine(reply.output()));
                t.put("metric_en", metric.en());
                t.put("metric_zh", metric.zh());
                trans.add(t);
                Double score = rm.get(item.id() + "\n" + metric.en());
                if (score != null) {
                    evaluation.add(t.deepCopy().put(metric.en(), score));
                }
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            written.add(writeAtomically(outDir.resolve(GENERATION), generation));
            written.add(writeAtomically(outDir.resolve(TRANS), trans));
            if (scorer != null && evaluation.size() == trans.size()) {
                written.add(writeAtomically(outDir.resolve(EVALUATION), evaluation));
            }
        } catch (IOException e) {
            throw new EvalException("Cannot write to " + outDir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path writeAtomically(Path target, ArrayNode records) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        byte[] bytes = JSON.writer(printer).writeValueAsString(records).getBytes(StandardCharsets.UTF_8);
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}

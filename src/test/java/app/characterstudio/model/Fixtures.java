package app.characterstudio.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** The tiny Index models made by src/test/fixtures/make_tiny_index_model.py. */
public final class Fixtures {
    private Fixtures() {
    }

    /** fp32; model.safetensors and pytorch_model.bin; tokenizer.model, tokens.json, reference.json. */
    public static Path tinyIndex() {
        return resource("tiny-index");
    }

    /** bf16; sharded safetensors and a pytorch_model.bin with fused q/k/v storages saved as Parameters. */
    public static Path tinyIndexBf16() {
        return resource("tiny-index-bf16");
    }

    /** fp16, 2 key/value heads for 4 query heads; sharded pytorch_model bins. No tokenizer. */
    public static Path tinyIndexGqa() {
        return resource("tiny-index-gqa");
    }

    /** fp32 with attention_bias: q/k/v/o projections carry biases; model.safetensors. No tokenizer. */
    public static Path tinyIndexBias() {
        return resource("tiny-index-bias");
    }

    /** fp32 with tie_word_embeddings: no lm_head.weight, the norm head is the embedding. No tokenizer. */
    public static Path tinyIndexTied() {
        return resource("tiny-index-tied");
    }

    /** A reward model as TRL writes it: IndexForSequenceClassification, score.weight, no lm_head; reference.json. */
    public static Path tinyRewardSeqcls() {
        return resource("tiny-reward-seqcls");
    }

    /** A reward model as LLaMA-Factory writes it: a causal-LM folder plus value_head.bin; BOS asked; reference.json. */
    public static Path tinyRewardVhead() {
        return resource("tiny-reward-vhead");
    }

    /** BaichuanForCausalLM with fused W_pack attention and a value_head.safetensors (numpy-made, issue 13). */
    public static Path tinyRewardWpack() {
        return resource("tiny-reward-wpack");
    }

    /** LlamaForSequenceClassification with grouped-query attention and score.weight (numpy-made, issue 13). */
    public static Path tinyRewardLlama() {
        return resource("tiny-reward-llama");
    }

    /**
     * Pickle edge cases: evil-os-system.bin, evil-builtins-eval.bin, evil-nested.bin and noncontiguous.bin must be
     * refused; rebuild-from-type.bin (torch._tensor._rebuild_from_type_v2, storage offset) must load.
     */
    /** A fixture's Llama-layout copy made by docs/convert_index_to_llama.py ({@code tiny-index} → {@code tiny-index-llama}). */
    public static Path llamaCopy(Path original) {
        return resource(original.getFileName() + "-llama");
    }

    public static Path bad(String file) {
        return resource("tiny-index-bad").resolve(file);
    }

    /** A writable copy of a fixture folder under {@code parent}. */
    public static Path copy(Path folder, Path parent) {
        Path target = parent.resolve(folder.getFileName().toString());
        try (Stream<Path> files = Files.list(folder)) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The entries of a zip (a torch.save file), by name, in order. */
    public static Map<String, byte[]> zipEntries(Path zipFile) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** A zip of {@code entries}, each stored uncompressed as torch.save writes them. */
    public static byte[] storedZip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(file.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(file.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Path resource(String name) {
        URL url = Fixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package app.characterstudio.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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

    /** Checkpoints that must be refused: evil-os-system.bin, evil-builtins-eval.bin, evil-nested.bin, noncontiguous.bin. */
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

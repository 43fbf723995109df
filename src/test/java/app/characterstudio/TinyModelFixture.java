package app.characterstudio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the tiny fixture model (src/test/resources/tiny-index) into a workspace for end-to-end tests. */
public final class TinyModelFixture {
    private TinyModelFixture() {
    }

    /**
     * The fixture reads 256 positions, less than the default Chinese template alone takes with its
     * small vocabulary; rotary positions are computed, not learned, so a copy with a longer
     * {@code max_position_embeddings} is the same model with room for a real prompt.
     */
    public static Path copyWithContext(Path modelsDir, int positions) {
        Path target = modelsDir.resolve("tiny-index");
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/tiny-index"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path config = target.resolve("config.json");
            String json = Files.readString(config);
            String longer = json.replaceAll("\"max_position_embeddings\":\\s*256", "\"max_position_embeddings\": " + positions);
            if (longer.equals(json)) {
                throw new IllegalStateException("the fixture's config.json no longer says 256 positions");
            }
            Files.writeString(config, longer);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

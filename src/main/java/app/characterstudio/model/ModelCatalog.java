package app.characterstudio.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The model folders under a workspace's {@code models/}, each summarised or with the reason it cannot load. */
public final class ModelCatalog {
    /** One folder: a summary when its config and weights could be read, otherwise the error. */
    public record Entry(String name, Path dir, Optional<ModelSummary> summary, Optional<String> error) {
        public boolean loadable() {
            return summary.map(ModelSummary::loadable).orElse(false);
        }

        /** The first reason it cannot load, or empty. */
        public Optional<String> problem() {
            return error.or(() -> summary.flatMap(s -> s.problems().stream().findFirst()));
        }
    }

    private ModelCatalog() {
    }

    public static List<Entry> list(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> children = Files.list(modelsDir)) {
            dirs = children.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(d -> d.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + modelsDir + ": " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            try {
                entries.add(new Entry(name, dir, Optional.of(ModelSummary.of(ModelFolder.open(dir))), Optional.empty()));
            } catch (ModelLoadException e) {
                entries.add(new Entry(name, dir, Optional.empty(), Optional.of(e.getMessage())));
            }
        }
        return entries;
    }
}

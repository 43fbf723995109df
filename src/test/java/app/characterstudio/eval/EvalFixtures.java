package app.characterstudio.eval;

import app.characterstudio.chat.TokenCounter;
import app.characterstudio.workspace.Studio;
import app.characterstudio.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

public final class EvalFixtures {
    public static final ModelIdentity FAKE = new ModelIdentity("fake-model", "0123456789abcdef0123456789abcdef");

    private EvalFixtures() {
    }

    public static Path resource(String name) {
        try {
            return Path.of(EvalFixtures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the CharacterEval fixture folder that a test may change. */
    static Path characterEvalCopy(Path dir) {
        try {
            Path copy = Files.createDirectories(dir.resolve("charactereval-data"));
            try (Stream<Path> files = Files.list(resource("charactereval"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName().toString()));
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Studio studio(Path dir, FakeGenerator generator) {
        Studio studio = Studio.open(Workspace.open(dir.resolve("ws")));
        studio.useChatPorts(studio.portsWith(generator, TokenCounter.characterEstimate()));
        return studio;
    }
}

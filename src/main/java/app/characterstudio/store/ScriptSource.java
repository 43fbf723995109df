package app.characterstudio.store;

import java.time.Instant;

/** An imported script file. */
public record ScriptSource(long id, String path, String name, String contentHash, String encoding, String format,
                           Instant importedAt, int sceneCount, int lineCount, int window) {
}

package app.characterstudio.backend;

import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.store.SettingsRepository;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Where a room's replies come from: the local engine or one named backend. It is itself the room's
 * {@link ReplyGenerator} and hands each call to the source chosen at that time, so a choice takes effect on
 * the next message. The choice is kept in the workspace settings ({@code replies.ROOM}) by {@link #choose};
 * a backend's client is made once and remade when its settings change.
 */
public final class ReplySource implements ReplyGenerator {
    private static final String PREFIX = "replies.";
    private final String room;
    private final ReplyGenerator local;
    private final Backends backends;
    private final SettingsRepository settings;
    private volatile String chosen = Backend.LOCAL;
    private BackendReplyGenerator remote;

    /** A source for {@code room} that starts on the local engine; {@link #restore} reads the kept choice. */
    public ReplySource(String room, ReplyGenerator local, SettingsRepository settings) {
        this.room = Objects.requireNonNull(room, "room");
        this.local = Objects.requireNonNull(local, "local");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backends = new Backends(settings);
    }

    /** Goes back to the choice kept for the room; a kept backend that was removed since falls back to local. */
    public String restore() {
        String kept = settings.get(PREFIX + room).orElse(Backend.LOCAL);
        chosen = Backend.LOCAL.equals(kept) || backends.find(kept).isEmpty() ? Backend.LOCAL : kept;
        return chosen;
    }

    /** Sends the room's replies to {@code source} ({@link Backend#LOCAL} or a backend's name) and keeps the choice. */
    public void choose(String source) {
        if (!Backend.LOCAL.equals(source)) {
            backends.get(source);
        }
        settings.put(PREFIX + room, source);
        chosen = source;
    }

    /** {@link Backend#LOCAL} or the chosen backend's name. */
    public String chosen() {
        return chosen;
    }

    /** What the room's header says: "local engine · MODEL" or "backend NAME · SERVED_MODEL". */
    public String describe() {
        String source = chosen;
        if (Backend.LOCAL.equals(source)) {
            return "local engine" + (local.available() ? " · " + local.modelName() : " · no model loaded");
        }
        return backends.find(source).map(b -> "backend " + b.name() + " · " + b.model() + " at "
                        + String.join(", ", b.urls().stream().map(Object::toString).toList()))
                .orElse("backend " + source + " (removed)");
    }

    @Override
    public boolean available() {
        return Backend.LOCAL.equals(chosen) ? local.available() : backends.find(chosen).isPresent();
    }

    @Override
    public String modelName() {
        String source = chosen;
        return Backend.LOCAL.equals(source) ? local.modelName()
                : backends.find(source).map(BackendReplyGenerator::provenance).orElse("");
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        String source = chosen;
        if (Backend.LOCAL.equals(source)) {
            return local.generate(prompt, count, sampling, stream, cancelled);
        }
        return remote(backends.get(source)).generate(prompt, count, sampling, stream, cancelled);
    }

    private synchronized BackendReplyGenerator remote(Backend backend) {
        if (remote == null || !remote.backend().equals(backend)) {
            remote = new BackendReplyGenerator(CompletionsClient.of(backend));
        }
        return remote;
    }
}

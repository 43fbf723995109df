package app.characterstudio.backend;

import app.characterstudio.chat.BuiltPrompt;
import app.characterstudio.chat.ReplyGenerator;
import app.characterstudio.chat.SamplingSettings;
import app.characterstudio.store.SettingsRepository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where a room's replies come from: the local engine or one named backend. It is itself the room's
 * {@link ReplyGenerator} and hands each call to the source chosen at that time, so a choice takes effect on
 * the next message. The choice is kept in the workspace settings ({@code replies.ROOM}); the chosen backend's
 * settings are read when it is chosen or restored, so nothing here reads the database while generating or
 * describing itself.
 */
public final class ReplySource implements ReplyGenerator {
    private static final String PREFIX = "replies.";
    private final String room;
    private final ReplyGenerator local;
    private final SettingsRepository settings;
    private final Backends backends;
    /** The chosen backend's generator, or null for the local engine. */
    private volatile BackendReplyGenerator remote;

    /** A source for {@code room} that starts on the local engine; {@link #restore} goes back to the kept choice. */
    public ReplySource(String room, ReplyGenerator local, SettingsRepository settings) {
        this.room = Objects.requireNonNull(room, "room");
        this.local = Objects.requireNonNull(local, "local");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backends = new Backends(settings);
    }

    /**
     * Goes back to the choice kept for the room (reads the database); a kept backend that was removed since
     * falls back to the local engine. Returns {@link Backend#LOCAL} or the backend's name.
     */
    public String restore() {
        String kept = settings.get(PREFIX + room).orElse(Backend.LOCAL);
        use(Backend.LOCAL.equals(kept) ? null : backends.find(kept).orElse(null));
        return chosen();
    }

    /** Sends the room's replies to {@code source} ({@link Backend#LOCAL} or a backend's name) and keeps the choice. */
    public void choose(String source) {
        Backend backend = Backend.LOCAL.equals(source) ? null : backends.get(source);
        settings.put(PREFIX + room, source);
        use(backend);
    }

    private void use(Backend backend) {
        BackendReplyGenerator current = remote;
        if (backend == null) {
            remote = null;
        } else if (current == null || !current.backend().equals(backend)) {
            remote = new BackendReplyGenerator(CompletionsClient.of(backend));
        }
    }

    /**
     * The source chosen now, for work that must not change source midway (an evaluation run): its generator, which
     * later choices leave alone, and its backend (empty: the local engine).
     */
    public Fixed fixed() {
        BackendReplyGenerator current = remote;
        return current == null ? new Fixed(local, Optional.empty()) : new Fixed(current, Optional.of(current.backend()));
    }

    /** A source as it was chosen at one moment. */
    public record Fixed(ReplyGenerator generator, Optional<Backend> backend) {
    }

    /** {@link Backend#LOCAL} or the chosen backend's name. */
    public String chosen() {
        BackendReplyGenerator current = remote;
        return current == null ? Backend.LOCAL : current.backend().name();
    }

    /** What a room's header says of a chosen backend: "backend NAME · SERVED_MODEL"; empty for the local engine. */
    public String describeRemote() {
        BackendReplyGenerator current = remote;
        if (current == null) {
            return "";
        }
        return "backend " + current.backend().name() + " · " + current.backend().model();
    }

    private ReplyGenerator current() {
        BackendReplyGenerator current = remote;
        return current == null ? local : current;
    }

    @Override
    public boolean available() {
        return current().available();
    }

    @Override
    public String modelName() {
        return current().modelName();
    }

    @Override
    public List<GeneratedReply> generate(String prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        return current().generate(prompt, count, sampling, stream, cancelled);
    }

    /** The local engine keeps the ids it counted the prompt with; a backend is sent the text. */
    @Override
    public List<GeneratedReply> generate(BuiltPrompt prompt, int count, SamplingSettings sampling, ReplyStream stream,
                                         BooleanSupplier cancelled) {
        return current().generate(prompt, count, sampling, stream, cancelled);
    }
}

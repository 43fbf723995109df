package app.characterstudio.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the window was left, kept as workspace settings so the next start opens the same way: the window's
 * size, the room shown, and the Chat room's character and session. (The model is remembered by
 * {@link ModelStartupSettings}.) Values that no longer parse are treated as never stored.
 */
public final class ViewMemory {
    static final String WIDTH = "view.window-width";
    static final String HEIGHT = "view.window-height";
    static final String ROOM = "view.room";
    static final String CHARACTER = "view.chat-character";
    static final String SESSION = "view.chat-session";
    /** Smaller windows are not restored: the rooms are laid out for 1280x720 and up. */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 560;

    private final SettingsRepository settings;

    public ViewMemory(Database database) {
        this.settings = new SettingsRepository(Objects.requireNonNull(database, "database"));
    }

    /** The window's size when it was last closed. */
    public record WindowSize(double width, double height) {
    }

    /** The Chat room's character and session when it was left. */
    public record ChatPlace(String characterId, long sessionId) {
    }

    /** Everything remembered, read at once (one read on a background thread as the window opens). */
    public record Remembered(Optional<WindowSize> window, Optional<String> room, Optional<ChatPlace> chat) {
    }

    public Remembered read() {
        return new Remembered(windowSize(), settings.get(ROOM), chatPlace());
    }

    public Optional<WindowSize> windowSize() {
        try {
            Optional<String> width = settings.get(WIDTH);
            Optional<String> height = settings.get(HEIGHT);
            if (width.isEmpty() || height.isEmpty()) {
                return Optional.empty();
            }
            double w = Double.parseDouble(width.get());
            double h = Double.parseDouble(height.get());
            return w >= MIN_WIDTH && h >= MIN_HEIGHT && w < 100_000 && h < 100_000
                    ? Optional.of(new WindowSize(w, h)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void rememberWindowSize(double width, double height) {
        settings.put(WIDTH, Long.toString(Math.round(width)));
        settings.put(HEIGHT, Long.toString(Math.round(height)));
    }

    /** Remembers the room by its title ("Chat", "Export", ...). */
    public void rememberRoom(String title) {
        settings.put(ROOM, title);
    }

    public Optional<ChatPlace> chatPlace() {
        Optional<String> character = settings.get(CHARACTER);
        Optional<String> session = settings.get(SESSION);
        if (character.isEmpty() || session.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChatPlace(character.get(), Long.parseLong(session.get())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void rememberChatPlace(ChatPlace place) {
        settings.put(CHARACTER, place.characterId());
        settings.put(SESSION, Long.toString(place.sessionId()));
    }
}

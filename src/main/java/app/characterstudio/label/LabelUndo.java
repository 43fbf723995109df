package app.characterstudio.label;

import java.util.Optional;

/**
 * A label change taken back.
 *
 * @param restored the label the turn has again, or empty when it had none before the change
 */
public record LabelUndo(long turnId, long sessionId, Optional<Label> restored) {
}

package app.characterstudio.store;

import java.util.Optional;

/**
 * A label change taken back.
 *
 * @param restored the label the turn has again, or empty when it had none before the change
 */
public record UndoneLabel(long turnId, long sessionId, Optional<LabelRow> restored) {
}
